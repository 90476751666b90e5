import { defineConfig } from 'vitest/config';

const realHosts = { globalSetup: ['test/hosts/globalSetup.ts'], testTimeout: 180_000, hookTimeout: 600_000 };

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/{core,emulator,n8n,node-red,package}/**/*.test.ts'],
					testTimeout: 20_000,
				},
			},
			{
				// The pacing store against a real redis-server (Debian package redis-server), started by the tests.
				test: {
					name: 'redis',
					include: ['test/redis/**/*.test.ts'],
					testTimeout: 60_000,
				},
			},
			{
				// The release: a fresh clone of the committed HEAD, npm ci (local cache first), npm pack;
				// its file list, n8n's scanner and lint on it, and a palette install of it.
				test: {
					name: 'release',
					include: ['test/release/**/*.test.ts'],
					globalSetup: ['test/release/globalSetup.ts'],
					testTimeout: 120_000,
				},
			},
			{
				// Real n8n 2.x and Node-RED 5 on Node 24, with the packed package installed.
				test: { name: 'hosts', include: ['test/hosts/**/*.test.ts'], ...realHosts },
			},
			{
				// The previous majors on Node 20 (n8n 1.x, Node-RED 4.x): the flows that show the package at
				// home there (send, receive, manage, pace), through the same harness (test/hosts/toolchain.ts).
				test: {
					name: 'hosts-previous',
					include: [
						'test/hosts/host-versions.test.ts',
						'test/hosts/node-red.{send-text,webhook,manage,pacing}.test.ts',
						'test/hosts/n8n.{send-text,webhook}.test.ts',
					],
					env: { FLOWPACE_HOSTS: 'previous' },
					...realHosts,
				},
			},
		],
	},
});

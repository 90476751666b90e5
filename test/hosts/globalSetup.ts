import type { TestProject } from 'vitest/node';
import { packPackage } from './pack';
import { ensureN8n, ensureNode } from './toolchain';

declare module 'vitest' {
	export interface ProvidedContext {
		tarball: string;
	}
}

/** Installs the hosts (cached) and packs the package once for every real-host test. */
export default function setup(project: TestProject) {
	ensureNode();
	ensureN8n();
	project.provide('tarball', packPackage());
}

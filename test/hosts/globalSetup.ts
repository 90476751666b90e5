import type { TestProject } from 'vitest/node';
import { packPackage } from './pack';
import { ensureN8n, ensureNode, ensureNodeRed, selectedHosts } from './toolchain';

declare module 'vitest' {
	export interface ProvidedContext {
		tarball: string;
	}
}

/** Installs the project's hosts and their Nodes (cached) and packs the package once for its real-host tests. */
export default function setup(project: TestProject) {
	const { n8n, nodeRed } = selectedHosts(project.config.env);
	ensureNode(n8n.node);
	ensureNode(nodeRed.node);
	ensureN8n(n8n);
	ensureNodeRed(nodeRed);
	project.provide('tarball', packPackage());
}

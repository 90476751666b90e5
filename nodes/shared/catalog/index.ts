import { mediaOperations } from './media';
import { messageOperations } from './message';
import { manageOperations, manageResources } from './manage';
import type { AnyOperation, ResourceName } from './types';

export interface ResourceSpec {
	name: ResourceName;
	label: string;
	help: string;
}

export const resources: ResourceSpec[] = [
	{ name: 'message', label: 'Message', help: 'Send messages from a business phone number.' },
	{ name: 'media', label: 'Media', help: 'Upload, download and delete media files.' },
	...manageResources,
];

/** Every operation, each declared once in its own file. */
export const operations: AnyOperation[] = [...messageOperations, ...mediaOperations, ...manageOperations];

export function findOperation(resource: string, operation: string): AnyOperation | undefined {
	return operations.find((op) => op.resource === resource && op.operation === operation);
}

export function operationsOf(resource: ResourceName): AnyOperation[] {
	return operations.filter((op) => op.resource === resource);
}

import { sendText } from './message/sendText';
import type { AnyOperation, ResourceName } from './types';

export interface ResourceSpec {
	name: ResourceName;
	label: string;
	help: string;
}

export const resources: ResourceSpec[] = [
	{ name: 'message', label: 'Message', help: 'Send messages from a business phone number.' },
];

/** Every operation, each declared once in its own file. */
export const operations: AnyOperation[] = [sendText];

export function findOperation(resource: string, operation: string): AnyOperation | undefined {
	return operations.find((op) => op.resource === resource && op.operation === operation);
}

export function operationsOf(resource: ResourceName): AnyOperation[] {
	return operations.filter((op) => op.resource === resource);
}

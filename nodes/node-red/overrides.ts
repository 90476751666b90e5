import { describeMessage, isMessageObject } from '../shared/catalog/message/support/messageObject';
import type { AnyOperation } from '../shared/catalog/types';
import { ValidationError } from '../shared/graph/errors';

/**
 * Values from msg.payload that override the node's settings: either a full Cloud API message
 * object (`{to, type: "text", text: {body}}`) or an object keyed by parameter names.
 */
export function overridesFrom(payload: unknown, operation: AnyOperation): Record<string, unknown> {
	// A Buffer payload is a file (media), not settings.
	if (!payload || typeof payload !== 'object' || Array.isArray(payload) || payload instanceof Uint8Array) return {};
	const object = payload as Record<string, unknown>;
	const fromCloudApi = typeof object.type === 'string' ? valuesOfMessage(object, operation) : undefined;
	const source = fromCloudApi ?? object;
	const overrides: Record<string, unknown> = {};
	for (const name of Object.keys(operation.params)) {
		if (source[name] !== undefined) overrides[name] = source[name];
	}
	return overrides;
}

/** A typed send reads a message object of its own type; one of another type is named, not read as parameters. */
function valuesOfMessage(object: Record<string, unknown>, operation: AnyOperation) {
	const values = operation.fromCloudApi?.(object);
	if (values || !operation.sends || !isMessageObject(object)) return values;
	throw new ValidationError('msg.payload', `this node sends ${operation.sends}; msg.payload is ${describeMessage(object)}. Send Message (JSON) sends a message of any type`);
}

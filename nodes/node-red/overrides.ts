import type { AnyOperation } from '../shared/catalog/types';

/**
 * Values from msg.payload that override the node's settings: either a full Cloud API message
 * object (`{to, type: "text", text: {body}}`) or an object keyed by parameter names.
 */
export function overridesFrom(payload: unknown, operation: AnyOperation): Record<string, unknown> {
	// A Buffer payload is a file (media), not settings.
	if (!payload || typeof payload !== 'object' || Array.isArray(payload) || payload instanceof Uint8Array) return {};
	const object = payload as Record<string, unknown>;
	const fromCloudApi = typeof object.type === 'string' ? operation.fromCloudApi?.(object) : undefined;
	const source = fromCloudApi ?? object;
	const overrides: Record<string, unknown> = {};
	for (const name of Object.keys(operation.params)) {
		if (source[name] !== undefined) overrides[name] = source[name];
	}
	return overrides;
}

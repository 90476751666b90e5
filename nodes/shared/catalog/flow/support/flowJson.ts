import { z } from 'zod';

/**
 * The checks of a Flow JSON the package makes before upload, each one a rule of Meta's Flow JSON
 * reference or Flows API pages: a JSON object of at most 10 MB with a `version` and a non-empty
 * `screens` array; each screen an `id` (unique, never the reserved SUCCESS) and a `layout`; a
 * `routing_model` (required once `data_api_version` makes the Flow use an endpoint) that names only
 * screens of the Flow; no `data_channel_uri` from version 3.0 (the endpoint is set through the
 * API). Components are Meta's to judge: its validation errors come back by line and path.
 */

/** The Flow JSON as text (uploaded as typed, so Meta's line numbers match the user's) and as parsed. */
export interface FlowJson {
	text: string;
	json: Record<string, unknown>;
}

const MAX_BYTES = 10 * 1024 * 1024;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first problem of a Flow JSON, with the path it is at; undefined when the checks pass. */
export function flowJsonProblem(json: Record<string, unknown>): string | undefined {
	if (typeof json.version !== 'string' || !/^\d+\.\d+$/.test(json.version)) return 'version is required: the Flow JSON version as text, e.g. "7.3"';
	const screens = json.screens;
	if (!Array.isArray(screens) || screens.length === 0) return 'screens is required: a non-empty array of screens';
	const ids: string[] = [];
	for (const [index, screen] of screens.entries()) {
		const at = `screens[${index}]`;
		if (!isObject(screen)) return `${at} must be an object`;
		if (typeof screen.id !== 'string' || !screen.id) return `${at}.id is required`;
		if (screen.id === 'SUCCESS') return `${at}.id "SUCCESS" is reserved: it is how an endpoint closes a Flow`;
		if (ids.includes(screen.id)) return `${at}.id "${screen.id}" is already the id of another screen`;
		if (!isObject(screen.layout)) return `${at}.layout is required`;
		ids.push(screen.id);
	}
	if (json.data_channel_uri !== undefined && Number(json.version) >= 3) return 'data_channel_uri is not allowed from version 3.0: set the Endpoint URI of the Flow instead';
	const routing = json.routing_model;
	if (routing === undefined) return json.data_api_version === undefined ? undefined : 'routing_model is required with data_api_version (a Flow with an endpoint)';
	if (!isObject(routing)) return 'routing_model must be an object: {"SCREEN": ["NEXT_SCREEN"]}';
	for (const [from, targets] of Object.entries(routing)) {
		if (!ids.includes(from)) return `routing_model.${from}: the Flow has no screen "${from}"`;
		if (!Array.isArray(targets)) return `routing_model.${from} must be an array of screen ids`;
		const unknown = targets.find((target) => !ids.includes(target as string));
		if (unknown !== undefined) return `routing_model.${from}: the Flow has no screen ${JSON.stringify(unknown)}`;
	}
	return undefined;
}

/** A Flow JSON field: text (n8n, the Node-RED form) or an object (msg.payload); empty is undefined. */
export const flowJsonSchema = z.unknown().transform((value, ctx): FlowJson | undefined => {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return undefined;
	const fail = (message: string) => {
		ctx.addIssue({ code: 'custom', message });
		return z.NEVER;
	};
	let text: string;
	let json: unknown;
	if (typeof value === 'string') {
		text = value;
		try {
			json = JSON.parse(value);
		} catch (error) {
			return fail(`is not valid JSON (${(error as Error).message})`);
		}
	} else {
		json = value;
		text = JSON.stringify(value, null, 2);
	}
	const bytes = Buffer.byteLength(text);
	if (bytes > MAX_BYTES) return fail(`must be at most 10 MB, got ${(bytes / 1024 / 1024).toFixed(1)} MB`);
	if (!isObject(json)) return fail('must be a JSON object with version and screens');
	const problem = flowJsonProblem(json);
	return problem ? fail(problem) : { text, json };
});

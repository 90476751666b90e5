import { invalidParameter } from '../graphError';
import { flowInput, readCategories } from '../flows/input';
import { flowMetric } from '../flows/metrics';
import { flowError, type Flow } from '../flows/store';
import { validateFlowJson } from '../flows/validate';
import { parseMultipart } from '../multipart';
import { NEXT_ROUTE, type ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import { page } from './paging';

/**
 * The Flows API (Meta's "Flows API" and "Lifecycle of a Flow" pages): create and clone, metadata,
 * the Flow JSON asset with its validation errors, publish, deprecate, delete, preview and metrics.
 * Statuses move as the Lifecycle page draws them; an edit of a published Flow makes it a draft.
 */

const MAX_JSON_BYTES = 10 * 1024 * 1024;
const DEFAULT_FIELDS = 'id,name,status,categories,validation_errors';
const PREVIEW_DAYS = 30;
const DAY_MS = 86_400_000;

function summary(flow: Flow) {
	return { id: flow.id, name: flow.name, status: flow.status, categories: flow.categories, validation_errors: flow.validation_errors };
}

/** Stores a Flow JSON on a Flow: its validation errors, its versions. */
function setJson(flow: Flow, text: string) {
	if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw invalidParameter(`The Flow JSON must be at most ${MAX_JSON_BYTES} bytes.`);
	const { json, errors } = validateFlowJson(text);
	flow.json = text;
	flow.validation_errors = errors;
	flow.json_version = typeof json?.version === 'string' ? json.version : undefined;
	flow.data_api_version = typeof json?.data_api_version === 'string' ? json.data_api_version : undefined;
}

/** A Flow can change while DRAFT or PUBLISHED (then it is a draft again); not once deprecated. */
function editable(flow: Flow) {
	if (flow.status === 'DEPRECATED') throw flowError.updateFailed('A deprecated Flow cannot be updated; clone it instead.');
	if (flow.status === 'BLOCKED') throw flowError.updateFailed('A blocked Flow cannot be updated.');
	flow.status = 'DRAFT';
}

function checkEndpointUri(flow: Pick<Flow, 'json_version'>, uri: unknown): string {
	// Meta requires HTTPS; the emulator also takes http:// so that local hosts can serve the endpoint.
	if (typeof uri !== 'string' || !/^https?:\/\/\S+$/.test(uri)) throw invalidParameter('Param endpoint_uri must be an https URL.');
	if (flow.json_version && Number(flow.json_version) < 3) throw flowError.updateFailed('endpoint_uri needs Flow JSON version 3.0 or later.');
	return uri;
}

function create(emulator: GraphEmulator, req: ParsedRequest) {
	const { flows } = emulator.state;
	const body = flowInput(req);
	if (typeof body.name !== 'string' || !body.name.trim()) throw invalidParameter('Param name is required.');
	if ([...flows.flows.values()].some((f) => f.name === body.name)) throw flowError.nameTaken(body.name);
	const categories = readCategories(body.categories);
	if (body.clone_flow_id !== undefined && body.clone_template !== undefined) throw invalidParameter('Give clone_flow_id or clone_template, not both.');
	const source = body.clone_flow_id !== undefined ? flows.of(String(body.clone_flow_id)) : undefined;
	const flow = flows.add({ name: body.name, categories }, emulator.clock.now());
	if (source?.json) setJson(flow, source.json);
	if (typeof body.flow_json === 'string') setJson(flow, body.flow_json);
	else if (body.flow_json !== undefined) throw invalidParameter('Param flow_json must be the Flow JSON as a string.');
	if (body.endpoint_uri !== undefined) flow.endpoint_uri = checkEndpointUri(flow, body.endpoint_uri);
	else if (source?.endpoint_uri) flow.endpoint_uri = source.endpoint_uri;
	const publish = body.publish === true || body.publish === 'true';
	if (publish) {
		if (!flow.json || flow.validation_errors.length) throw flowError.publishFailed('publish needs a valid flow_json.');
		flow.status = 'PUBLISHED';
	}
	emulator.flowEvents.statusChange(flow, undefined);
	return { id: flow.id, success: true, ...(flow.json ? { validation_errors: flow.validation_errors } : {}) };
}

function update(emulator: GraphEmulator, flow: Flow, req: ParsedRequest) {
	const body = flowInput(req);
	const known = ['name', 'categories', 'endpoint_uri', 'application_id'].filter((key) => body[key] !== undefined);
	if (known.length === 0) throw invalidParameter('Nothing to update: give name, categories, endpoint_uri or application_id.');
	if (body.data_channel_uri !== undefined) throw invalidParameter('data_channel_uri is deprecated since v19.0: use endpoint_uri.');
	const before = flow.status;
	editable(flow);
	if (body.name !== undefined) {
		if (typeof body.name !== 'string' || !body.name.trim()) throw invalidParameter('Param name must be a non-empty string.');
		if ([...emulator.state.flows.flows.values()].some((f) => f.name === body.name && f.id !== flow.id)) throw flowError.nameTaken(body.name);
		flow.name = body.name;
	}
	if (body.categories !== undefined) flow.categories = readCategories(body.categories);
	if (body.endpoint_uri !== undefined) flow.endpoint_uri = checkEndpointUri(flow, body.endpoint_uri);
	if (body.application_id !== undefined) flow.application_id = String(body.application_id);
	if (before !== flow.status) emulator.flowEvents.statusChange(flow, before);
	return { success: true };
}

function uploadAsset(emulator: GraphEmulator, flow: Flow, req: ParsedRequest) {
	const parts = parseMultipart(req.headers['content-type'], req.raw);
	if (!parts) throw invalidParameter('Upload the Flow JSON as multipart/form-data: file, name=flow.json, asset_type=FLOW_JSON.');
	const field = (name: string) => parts.find((p) => p.name === name);
	const file = field('file');
	if (!file) throw invalidParameter('Param file is required.');
	if (field('asset_type')?.data.toString() !== 'FLOW_JSON') throw invalidParameter('Param asset_type must be FLOW_JSON.');
	if (!field('name')?.data.toString()) throw invalidParameter('Param name is required (flow.json).');
	if (file.data.length > MAX_JSON_BYTES) throw invalidParameter(`The Flow JSON file must be at most ${MAX_JSON_BYTES} bytes.`);
	const before = flow.status;
	editable(flow);
	setJson(flow, file.data.toString('utf8'));
	if (before !== flow.status) emulator.flowEvents.statusChange(flow, before);
	return { success: true, validation_errors: flow.validation_errors };
}

/** The publishing checks Meta lists, the endpoint's health check included. */
async function publish(emulator: GraphEmulator, flow: Flow) {
	if (flow.status !== 'DRAFT') throw flowError.publishFailed(`Only a DRAFT Flow can be published; this one is ${flow.status}.`);
	if (!flow.json) throw flowError.publishFailed('The Flow has no Flow JSON.');
	if (flow.validation_errors.length) throw flowError.publishFailed(`The Flow JSON has ${flow.validation_errors.length} validation error(s).`);
	if (flow.data_api_version) {
		if (!flow.endpoint_uri) throw flowError.publishFailed('The Flow uses an endpoint (data_api_version) but has no endpoint_uri.');
		const signed = [...emulator.state.phoneNumbers.keys()].some((id) => emulator.state.flows.publicKeys.get(id)?.status === 'VALID');
		if (!signed) throw flowError.publishFailed('No phone number of the WhatsApp Business Account has a signed business public key.');
		const health = await emulator.flowClient.ping(flow.id);
		if (health.status !== 200 || (health.response?.data as { status?: unknown } | undefined)?.status !== 'active') {
			throw flowError.publishFailed(`The endpoint did not pass the health check (HTTP ${health.status}${health.error ? `: ${health.error}` : ''}).`);
		}
	}
	flow.status = 'PUBLISHED';
	emulator.flowEvents.statusChange(flow, 'DRAFT');
	return { success: true };
}

function deprecate(emulator: GraphEmulator, flow: Flow) {
	if (!['PUBLISHED', 'THROTTLED', 'BLOCKED'].includes(flow.status)) throw flowError.deprecateFailed(`Only a published Flow can be deprecated; this one is ${flow.status}.`);
	const before = flow.status;
	flow.status = 'DEPRECATED';
	emulator.flowEvents.statusChange(flow, before);
	return { success: true };
}

/** GET /{flow-id}: the default fields, or those asked, `preview` and `metric` with their arguments. */
function read(emulator: GraphEmulator, flow: Flow, fields: string | undefined) {
	const answer: Record<string, unknown> = { id: flow.id };
	for (const field of splitFields(fields ?? DEFAULT_FIELDS)) {
		const name = /^[a-z_]+/.exec(field)?.[0] ?? field;
		if (name === 'preview') answer.preview = preview(emulator, flow, /invalidate\(true\)/.test(field));
		else if (name === 'metric') answer.metric = flowMetric(emulator, flow, field);
		else if (name === 'whatsapp_business_account') answer.whatsapp_business_account = { id: emulator.state.wabaId };
		else if (name === 'application') answer.application = { id: flow.application_id ?? emulator.state.appId, name: 'Flowpace Emulated App' };
		else if (name === 'health_status') answer.health_status = healthStatus(flow);
		else if (name in summary(flow) || ['json_version', 'data_api_version', 'endpoint_uri'].includes(name)) {
			const value = (flow as unknown as Record<string, unknown>)[name];
			if (value !== undefined) answer[name] = value;
		} else throw invalidParameter(`Tried accessing nonexisting field (${name}) on node type (Flow).`);
	}
	return answer;
}

/** Fields split on the commas outside parentheses (`metric.name(X).since(…),preview`). */
function splitFields(fields: string): string[] {
	return fields.match(/[^,(]+(\([^)]*\)[^,(]*)*/g)?.map((f) => f.trim()).filter(Boolean) ?? [];
}

function preview(emulator: GraphEmulator, flow: Flow, invalidate: boolean) {
	const now = emulator.clock.now();
	if (!flow.preview || invalidate || Date.parse(flow.preview.expires_at) <= now) {
		const token = Buffer.from(`${flow.id}:${now}`).toString('base64url');
		flow.preview = { preview_url: `https://business.facebook.com/wa/manage/flows/${flow.id}/preview/?token=${token}`, expires_at: new Date(now + PREVIEW_DAYS * DAY_MS).toISOString() };
	}
	return flow.preview;
}

function healthStatus(flow: Flow) {
	const problems = flow.data_api_version && !flow.endpoint_uri ? [{ error_code: 131000, error_description: 'endpoint_uri is not set', possible_solution: 'Set the endpoint_uri of the Flow.' }] : [];
	const canSend = problems.length ? 'BLOCKED' : 'AVAILABLE';
	return { can_send_message: canSend, entities: [{ entity_type: 'FLOW', id: flow.id, can_send_message: canSend, ...(problems.length ? { errors: problems } : {}) }] };
}

export function registerFlows(emulator: GraphEmulator) {
	const { state } = emulator;
	const flows = state.flows;
	const isWaba = (id: string) => id === state.wabaId;
	const flowRoute = (method: string, suffix: string, handle: (flow: Flow, req: ParsedRequest) => unknown) =>
		emulator.route(method, new RegExp(`^/(\\d+)${suffix}$`), ([, id], req) => {
			const flow = flows.get(id);
			return flow ? handle(flow, req) : NEXT_ROUTE;
		});

	emulator.route('GET', /^\/(\d+)\/flows$/, ([, wabaId], req) => {
		if (!isWaba(wabaId)) return NEXT_ROUTE;
		const all = [...flows.flows.values()].sort((a, b) => b.created_at - a.created_at || a.id.localeCompare(b.id)).map(summary);
		return page(emulator, req, all);
	});
	emulator.route('POST', /^\/(\d+)\/flows$/, ([, wabaId], req) => (isWaba(wabaId) ? create(emulator, req) : NEXT_ROUTE));
	flowRoute('GET', '', (flow, req) => read(emulator, flow, req.query.fields));
	flowRoute('POST', '', (flow, req) => update(emulator, flow, req));
	flowRoute('DELETE', '', (flow) => {
		if (flow.status !== 'DRAFT') throw flowError.deleteFailed(`Only a DRAFT Flow can be deleted; this one is ${flow.status}: deprecate it instead.`);
		flows.flows.delete(flow.id);
		return { success: true };
	});
	flowRoute('GET', '/assets', (flow, req) =>
		page(emulator, req, flow.json ? [{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: `${emulator.url}/__emulator/flows/${flow.id}/flow.json` }] : []),
	);
	flowRoute('POST', '/assets', (flow, req) => uploadAsset(emulator, flow, req));
	flowRoute('POST', '/publish', (flow) => publish(emulator, flow));
	flowRoute('POST', '/deprecate', (flow) => deprecate(emulator, flow));
}

import { checkMediaObject } from './basic';
import {
	arr,
	exactlyOne,
	forbid,
	httpUrl,
	invalid,
	missing,
	num,
	obj,
	objects,
	str,
	unique,
	type Json,
} from './check';

/** Which header a kind of interactive message takes. */
type HeaderRule = 'none' | 'text' | 'text-or-media' | 'text-required';

interface InteractiveRule {
	header: HeaderRule;
	body: { required: boolean; max: number };
	/** False where the kind takes no footer (call permission requests). */
	footer?: false;
	action: (action: Json, path: string) => void;
}

/** Reply buttons: 1 to 3, ids (256) and titles (20) unique; no spaces around an id. */
function checkButtons(action: Json, path: string) {
	const buttons = arr(action, 'buttons', path, { required: true, min: 1, max: 3 })!;
	const replies = objects(buttons, `${path}.buttons`).map(([button, at]) => {
		str(button, 'type', at, { required: true, oneOf: ['reply'] });
		const reply = obj(button, 'reply', at)!;
		const id = str(reply, 'id', `${at}.reply`, {
			required: true,
			max: 256,
			format: [/^\S(.*\S)?$/s, 'must not start or end with a space.'],
		});
		const title = str(reply, 'title', `${at}.reply`, { required: true, max: 20 });
		return { id, title };
	});
	unique(
		replies.map((r) => r.id),
		`${path}.buttons`,
		'reply ids',
	);
	unique(
		replies.map((r) => r.title),
		`${path}.buttons`,
		'reply titles',
	);
}

/** List: a button label (20), up to 10 sections and 10 rows in all; titles needed past one section. */
function checkList(action: Json, path: string) {
	str(action, 'button', path, { required: true, max: 20 });
	const sections = objects(
		arr(action, 'sections', path, { required: true, min: 1, max: 10 })!,
		`${path}.sections`,
	);
	let rows = 0;
	const ids: Array<string | undefined> = [];
	for (const [section, at] of sections) {
		str(section, 'title', at, { required: sections.length > 1, max: 24 });
		const list = objects(arr(section, 'rows', at, { required: true, min: 1, max: 10 })!, `${at}.rows`);
		rows += list.length;
		for (const [row, rowAt] of list) {
			ids.push(str(row, 'id', rowAt, { required: true, max: 200 }));
			str(row, 'title', rowAt, { required: true, max: 24 });
			str(row, 'description', rowAt, { max: 72 });
		}
	}
	if (rows > 10) throw invalid(`${path}.sections`, `must have at most 10 rows in total (got ${rows}).`);
	unique(ids, `${path}.sections`, 'row ids');
}

/** An action that is only a name (and maybe parameters). */
function named(name: string) {
	return (action: Json, path: string) => str(action, 'name', path, { required: true, oneOf: [name] });
}

function checkCtaUrl(action: Json, path: string) {
	named('cta_url')(action, path);
	const parameters = obj(action, 'parameters', path)!;
	str(parameters, 'display_text', `${path}.parameters`, { required: true, max: 20 });
	str(parameters, 'url', `${path}.parameters`, { required: true, format: httpUrl });
}

/** Flow: flow_id or flow_name, a CTA of at most 30, payload only when navigating. */
function checkFlow(action: Json, path: string) {
	named('flow')(action, path);
	const at = `${path}.parameters`;
	const parameters = obj(action, 'parameters', path)!;
	str(parameters, 'flow_message_version', at, { required: true, oneOf: ['3'] });
	exactlyOne(parameters, ['flow_id', 'flow_name'], at);
	str(parameters, 'flow_id', at, { format: [/^\d+$/, 'must be a Flow ID (digits).'] });
	str(parameters, 'flow_name', at);
	str(parameters, 'flow_token', at);
	str(parameters, 'flow_cta', at, { required: true, max: 30 });
	str(parameters, 'mode', at, { oneOf: ['published', 'draft'] });
	const flowAction =
		str(parameters, 'flow_action', at, { oneOf: ['navigate', 'data_exchange'] }) ?? 'navigate';
	if (flowAction !== 'navigate')
		forbid(parameters, ['flow_action_payload'], at, 'is only allowed when flow_action is navigate.');
	const payload = obj(parameters, 'flow_action_payload', at, false);
	if (payload) {
		str(payload, 'screen', `${at}.flow_action_payload`, { required: true });
		const data = obj(payload, 'data', `${at}.flow_action_payload`, false);
		if (data && Object.keys(data).length === 0)
			throw invalid(`${at}.flow_action_payload.data`, 'must be a non-empty object when given.');
	}
}

/** Call button (Meta's Call button messages page): a label of at most 20, a TTL of 1 to 43,200 minutes, a payload of at most 512. */
function checkVoiceCall(action: Json, path: string) {
	named('voice_call')(action, path);
	const parameters = obj(action, 'parameters', path, false);
	if (!parameters) return;
	const at = `${path}.parameters`;
	str(parameters, 'display_text', at, { max: 20 });
	num(parameters, 'ttl_minutes', at, { min: 1, max: 43_200, integer: true });
	str(parameters, 'payload', at, { max: 512 });
}

function checkProduct(action: Json, path: string) {
	str(action, 'catalog_id', path, { required: true });
	str(action, 'product_retailer_id', path, { required: true });
}

/** Multi-product: up to 10 sections and 30 products in all; titles needed past one section. */
function checkProductList(action: Json, path: string) {
	str(action, 'catalog_id', path, { required: true });
	const sections = objects(
		arr(action, 'sections', path, { required: true, min: 1, max: 10 })!,
		`${path}.sections`,
	);
	let products = 0;
	for (const [section, at] of sections) {
		str(section, 'title', at, { required: sections.length > 1, max: 24 });
		const items = objects(
			arr(section, 'product_items', at, { required: true, min: 1, max: 30 })!,
			`${at}.product_items`,
		);
		products += items.length;
		for (const [item, itemAt] of items) str(item, 'product_retailer_id', itemAt, { required: true });
	}
	if (products > 30)
		throw invalid(`${path}.sections`, `must have at most 30 products in total (got ${products}).`);
}

function checkCatalog(action: Json, path: string) {
	named('catalog_message')(action, path);
	const parameters = obj(action, 'parameters', path, false);
	if (parameters) str(parameters, 'thumbnail_product_retailer_id', `${path}.parameters`);
}

/** Meta's interactive message pages, one line per kind. */
const RULES: Record<string, InteractiveRule> = {
	button: { header: 'text-or-media', body: { required: true, max: 1024 }, action: checkButtons },
	list: { header: 'text', body: { required: true, max: 4096 }, action: checkList },
	cta_url: { header: 'text-or-media', body: { required: true, max: 1024 }, action: checkCtaUrl },
	location_request_message: {
		header: 'none',
		body: { required: true, max: 1024 },
		action: named('send_location'),
	},
	flow: { header: 'text-or-media', body: { required: true, max: 1024 }, action: checkFlow },
	product: { header: 'none', body: { required: false, max: 1024 }, action: checkProduct },
	product_list: { header: 'text-required', body: { required: true, max: 1024 }, action: checkProductList },
	catalog_message: { header: 'none', body: { required: true, max: 1024 }, action: checkCatalog },
	// Calling (Obtain user call permissions; Call button messages and deep links).
	call_permission_request: { header: 'none', body: { required: false, max: 1024 }, footer: false, action: named('call_permission_request') },
	voice_call: { header: 'none', body: { required: true, max: 1024 }, action: checkVoiceCall },
};

function checkHeader(interactive: Json, path: string, rule: HeaderRule, kind: string) {
	const header = obj(interactive, 'header', path, rule === 'text-required');
	if (!header) return;
	const at = `${path}.header`;
	if (rule === 'none') throw invalid(at, `is not supported for interactive ${kind} messages.`);
	const types = rule === 'text-or-media' ? ['text', 'image', 'video', 'document'] : ['text'];
	const type = str(header, 'type', at, { required: true, oneOf: types })!;
	if (type === 'text') return void str(header, 'text', at, { required: true, max: 60 });
	const media = obj(header, type, at)!;
	checkMediaObject(media, `${at}.${type}`);
	forbid(media, ['caption'], `${at}.${type}`, 'is not supported in an interactive header.');
}

/** interactive: header, body, footer and action per kind. */
export function checkInteractive(interactive: Json, path: string) {
	const kind = str(interactive, 'type', path, { required: true, oneOf: Object.keys(RULES) })!;
	const rule = RULES[kind];
	checkHeader(interactive, path, rule.header, kind);
	const body = obj(interactive, 'body', path, rule.body.required);
	if (body) str(body, 'text', `${path}.body`, { required: true, max: rule.body.max });
	const footer = obj(interactive, 'footer', path, false);
	if (footer && rule.footer === false) throw invalid(`${path}.footer`, `is not supported for interactive ${kind} messages.`);
	if (footer) str(footer, 'text', `${path}.footer`, { required: true, max: 60 });
	const action = obj(interactive, 'action', path);
	if (!action) throw missing(`${path}.action`);
	rule.action(action, `${path}.action`);
}

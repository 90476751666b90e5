import { GraphError, invalidParameter } from '../graphError';
import { page } from '../routes/paging';
import type { GraphEmulator } from '../server';
import type { Json } from '../routes/message-types/check';
import { TIER_USERS } from './safety';

/** Meta's Block users page: at most 1,000 users a request, 64,000 on a blocklist. */
const MAX_PER_REQUEST = 1_000;
const MAX_BLOCKLIST = 64_000;

type Change = { field: string; value: Json };

/**
 * The block users endpoints, and control routes that change what Meta would change on its own
 * (a tier, a user's marketing preference, a quality rating, a template's status), each with its
 * webhook to the app's callback when one is set.
 */
export function registerCampaign(emulator: GraphEmulator) {
	const safety = emulator.campaign;
	const check = emulator.hooks.checkMessage;
	emulator.hooks.checkMessage = (phoneNumberId, waId, body) => {
		check(phoneNumberId, waId, body);
		if (body) safety.check(phoneNumberId, waId, body);
	};
	const accepted = emulator.hooks.messageAccepted;
	emulator.hooks.messageAccepted = (message) => {
		const failure = safety.failureFor(message, isMarketing(emulator, message.body));
		if (failure) emulator.webhooks.failNextSendTo(message.to, failure);
		accepted(message);
	};

	emulator.route('POST', /^\/(\d+)\/block_users$/, ([, id], req) => blockUsers(emulator, id, req.body, true));
	emulator.route('DELETE', /^\/(\d+)\/block_users$/, ([, id], req) => blockUsers(emulator, id, req.body, false));
	emulator.route('GET', /^\/(\d+)\/block_users$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return page(emulator, req, (safety.blocked.get(id) ?? []).map((waId) => ({ messaging_product: 'whatsapp', wa_id: waId })));
	});

	const body = (req: { body: unknown }) => (req.body ?? {}) as Record<string, unknown>;
	const numberOf = (value: unknown) => {
		const id = String(value ?? [...emulator.state.phoneNumbers.keys()][0]);
		emulator.phoneNumber(id);
		return id;
	};
	const notify = async (change: Change) => (emulator.webhooks.target ? (await emulator.webhooks.send([change])).map((d) => d.delivered) : []);

	emulator.controlRoute('POST', /^\/__emulator\/messaging-limit$/, async (_match, req) => {
		const tier = String(body(req).tier);
		if (!(tier in TIER_USERS)) throw invalidParameter(`Param tier must be one of ${Object.keys(TIER_USERS).join(', ')}.`);
		for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = tier;
		return { tier, delivered: await notify({ field: 'business_capability_update', value: { max_daily_conversations_per_business: tier } }) };
	});

	emulator.controlRoute('POST', /^\/__emulator\/user-preferences$/, async (_match, req) => {
		const { wa_id: waId, value } = body(req);
		if (typeof waId !== 'string' || (value !== 'stop' && value !== 'resume')) throw invalidParameter('Give wa_id and value "stop" or "resume".');
		const id = numberOf(body(req).phone_number_id);
		safety.setPreference(id, waId, value);
		const display = emulator.state.phoneNumbers.get(id)!.display_phone_number;
		const preference = { wa_id: waId, detail: `User requested to ${value} marketing messages`, category: 'marketing_messages', value, timestamp: Math.floor(emulator.clock.now() / 1000) };
		return { delivered: await notify({ field: 'user_preferences', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: id }, contacts: [{ wa_id: waId }], user_preferences: [preference] } }) };
	});

	emulator.controlRoute('POST', /^\/__emulator\/marketing-limit$/, (_match, req) => {
		const { wa_id: waId, limited } = body(req);
		if (typeof waId !== 'string') throw invalidParameter('Give wa_id.');
		safety.limitMarketing(waId, limited !== false);
		return { success: true };
	});

	emulator.controlRoute('POST', /^\/__emulator\/quality$/, async (_match, req) => {
		const rating = String(body(req).rating);
		if (!['GREEN', 'YELLOW', 'RED'].includes(rating)) throw invalidParameter('Param rating must be GREEN, YELLOW or RED.');
		const id = numberOf(body(req).phone_number_id);
		const number = emulator.state.phoneNumbers.get(id)!;
		number.quality_rating = rating;
		// Meta's current reference lists no quality event; its older examples send FLAGGED and UNFLAGGED.
		const value = { display_phone_number: number.display_phone_number, event: rating === 'RED' ? 'FLAGGED' : 'UNFLAGGED', max_daily_conversations_per_business: number.whatsapp_business_manager_messaging_limit };
		return { delivered: await notify({ field: 'phone_number_quality_update', value }) };
	});

	emulator.controlRoute('POST', /^\/__emulator\/templates\/(\d+)\/status$/, async ([, id], req) => {
		const status = String(body(req).status);
		if (!['APPROVED', 'PAUSED', 'DISABLED'].includes(status)) throw invalidParameter('Param status must be APPROVED, PAUSED or DISABLED.');
		const template = emulator.state.templates.get(id);
		if (!template) throw new GraphError(100, 'Invalid parameter', `No template ${id}.`);
		template.status = status;
		return { delivered: await notify(emulator.webhooks.templateStatus(id, status) as Change) };
	});
}

/** A template of category MARKETING, or any send through the Marketing Messages API. */
function isMarketing(emulator: GraphEmulator, body: Json): boolean {
	if (body.type !== 'template') return false;
	const template = body.template as { name?: string; language?: { code?: string } };
	return [...emulator.state.templates.values()].some((t) => t.name === template?.name && t.language === template?.language?.code && t.category === 'MARKETING');
}

/** POST / DELETE /{phone-number-id}/block_users (Meta's Block users page). */
function blockUsers(emulator: GraphEmulator, phoneNumberId: string, raw: unknown, block: boolean) {
	emulator.phoneNumber(phoneNumberId);
	const request = (raw ?? {}) as Json;
	if (request.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	const users = request.block_users;
	if (!Array.isArray(users) || users.length === 0) throw invalidParameter('Param block_users must be a non-empty array.');
	if (users.length > MAX_PER_REQUEST) throw new GraphError(130429, 'Rate limit hit', `At most ${MAX_PER_REQUEST} users per request.`);
	const list = emulator.campaign.blocked.get(phoneNumberId) ?? [];
	const own = emulator.state.phoneNumbers.get(phoneNumberId)!.display_phone_number;
	const done: Json[] = [];
	const failed: Json[] = [];
	for (const entry of users as Json[]) {
		const input = String(entry.user ?? entry.user_id ?? '');
		const waId = input.replace(/\D/g, '');
		const fail = (code: number, message: string) => failed.push({ input, errors: [{ message, code, error_data: { details: message } }] });
		if (waId.length < 7 || waId.length > 15) fail(131047, 'Not a valid WhatsApp user');
		else if (waId === own) fail(131021, 'Cannot block your own number');
		else if (block && !list.includes(waId) && list.length >= MAX_BLOCKLIST) fail(139101, 'Blocklist is full');
		else {
			const at = list.indexOf(waId);
			if (block && at < 0) list.push(waId);
			if (!block && at >= 0) list.splice(at, 1);
			done.push({ input, wa_id: waId });
		}
	}
	emulator.campaign.blocked.set(phoneNumberId, list);
	const result = { messaging_product: 'whatsapp', block_users: { [block ? 'added_users' : 'removed_users']: done, ...(failed.length ? { failed_users: failed } : {}) } };
	// A mixed result: Meta's page shows the lists beside a top-level error 139100; its HTTP status is not documented (200 here).
	return failed.length ? { ...result, error: { message: '(#139100) Failed to block/unblock users', type: 'OAuthException', code: 139100, error_data: { details: 'Some users failed' } } } : result;
}

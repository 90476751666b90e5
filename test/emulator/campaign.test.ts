import { describe, expect, it } from 'vitest';
import { useCallbackCapture } from './callbackCapture';
import { call, PHONE_ID, useEmulator } from './testClient';

const handle = useEmulator();
const hook = useCallbackCapture();

const template = (to: string, name = 'spring_sale') => ({
	messaging_product: 'whatsapp',
	to,
	type: 'template',
	template: { name, language: { code: 'en_US' }, ...(name === 'spring_sale' ? { components: [{ type: 'body', parameters: [{ type: 'text', text: 'today' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'X' }] }] } : {}) },
});
const send = (to: string, name?: string) => call(handle.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, template(to, name));
const control = async (path: string, body: unknown) => (await fetch(`${handle.emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
const withCallback = () => (handle.emulator.options.callbackUrl = hook.url);
const statusesOf = () => hook.changes().filter((c) => c.field === 'messages').flatMap((c) => c.value.statuses ?? []);

describe('the portfolio messaging limit', () => {
	it('counts unique users per 24 hours across the numbers, refusing a new user past the tier with 131064', async () => {
		expect((await control('messaging-limit', { tier: 'TIER_50' })).tier).toBe('TIER_50');
		for (let i = 0; i < 50; i++) expect((await send(`+1650555${String(1000 + i)}`)).status).toBe(200);
		expect((await send('+16505551000')).status).toBe(200);
		const refused = await call(handle.emulator, 'POST', '/v24.0/106540352242923/messages', template('+16505559999'));
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({ code: 131064, error_data: { details: expect.stringMatching(/TIER_50: 50 unique users/) } });
		// Free-form messages are not business-initiated reach.
		expect((await call(handle.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: '+16505559999', type: 'text', text: { body: 'hi' } })).status).toBe(200);
		handle.emulator.advanceClock(24 * 60 * 60 * 1000);
		expect((await send('+16505559999')).status).toBe(200);
		expect((await call(handle.emulator, 'GET', `/v24.0/${PHONE_ID}?fields=whatsapp_business_manager_messaging_limit`)).body.whatsapp_business_manager_messaging_limit).toBe('TIER_50');
	});

	it('refuses an unknown tier', async () => {
		expect(await control('messaging-limit', { tier: 'TIER_5K' })).toMatchObject({ error: { code: 100 } });
	});
});

describe('marketing opt-out and the per-user limit', () => {
	it('user_preferences stop: the webhook, then marketing accepted and failed with 131050; utility delivered; resume lifts it', async () => {
		withCallback();
		await control('user-preferences', { wa_id: '16505551234', value: 'stop' });
		const preference = hook.changes().find((c) => c.field === 'user_preferences')!;
		expect(preference.value.user_preferences[0]).toMatchObject({ wa_id: '16505551234', value: 'stop', category: 'marketing_messages' });
		expect(preference.value.metadata.phone_number_id).toBe(PHONE_ID);
		const marketing = await send('+16505551234');
		expect(marketing.status).toBe(200);
		await handle.emulator.webhooks.idle();
		expect(statusesOf().find((s) => s.id === marketing.body.messages[0].id)).toMatchObject({ status: 'failed', errors: [{ code: 131050 }] });
		await control('user-preferences', { wa_id: '16505551234', value: 'resume' });
		const again = await send('+16505551234');
		await handle.emulator.webhooks.idle();
		expect(statusesOf().filter((s) => s.id === again.body.messages[0].id).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
	});

	it('131049 for a user at their marketing limit, not for utility templates', async () => {
		withCallback();
		await control('marketing-limit', { wa_id: '16505551235' });
		const marketing = await send('+16505551235');
		const utility = await call(handle.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: '+16505551235', type: 'template', template: { name: 'login_code', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] }] } });
		expect(utility.status).toBe(200);
		await handle.emulator.webhooks.idle();
		expect(statusesOf().find((s) => s.id === marketing.body.messages[0].id)).toMatchObject({ status: 'failed', errors: [{ code: 131049 }] });
		expect(statusesOf().find((s) => s.id === utility.body.messages[0].id)?.status).toBe('sent');
	});
});

describe('block users', () => {
	it('blocks, lists and unblocks; a send to a blocked user fails with 130403', async () => {
		const blocked = await call(handle.emulator, 'POST', `/v24.0/${PHONE_ID}/block_users`, { messaging_product: 'whatsapp', block_users: [{ user: '+16505551236' }, { user: '15550783881' }] });
		expect(blocked.body.block_users.added_users).toEqual([{ input: '+16505551236', wa_id: '16505551236' }]);
		expect(blocked.body.block_users.failed_users[0]).toMatchObject({ input: '15550783881', errors: [{ code: 131021 }] });
		expect(blocked.body.error.code).toBe(139100);
		expect((await call(handle.emulator, 'GET', `/v24.0/${PHONE_ID}/block_users`)).body.data).toEqual([{ messaging_product: 'whatsapp', wa_id: '16505551236' }]);
		const refused = await send('+16505551236');
		expect(refused.body.error.code).toBe(130403);
		const unblocked = await call(handle.emulator, 'DELETE', `/v24.0/${PHONE_ID}/block_users`, { messaging_product: 'whatsapp', block_users: [{ user: '+16505551236' }] });
		expect(unblocked.body.block_users.removed_users).toEqual([{ input: '+16505551236', wa_id: '16505551236' }]);
		expect((await send('+16505551236')).status).toBe(200);
	});
});

describe('quality and paused templates', () => {
	it('a quality change sets the rating and sends phone_number_quality_update', async () => {
		withCallback();
		await control('quality', { rating: 'RED' });
		expect((await call(handle.emulator, 'GET', `/v24.0/${PHONE_ID}?fields=quality_rating`)).body.quality_rating).toBe('RED');
		expect(hook.changes().find((c) => c.field === 'phone_number_quality_update')!.value).toMatchObject({ display_phone_number: '15550783881', event: 'FLAGGED' });
	});

	it('a paused template: its status webhook, then 132015 until it is approved again', async () => {
		withCallback();
		await control('templates/594425479261599/status', { status: 'PAUSED' });
		expect(hook.changes().find((c) => c.field === 'message_template_status_update')!.value).toMatchObject({ event: 'PAUSED', message_template_name: 'spring_sale' });
		expect((await send('+16505551237')).body.error.code).toBe(132015);
		await control('templates/594425479261599/status', { status: 'APPROVED' });
		expect((await send('+16505551237')).status).toBe(200);
	});
});

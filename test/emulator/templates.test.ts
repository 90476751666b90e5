import { describe, expect, it } from 'vitest';
import { call, useEmulator } from './testClient';

const env = useEmulator();
const WABA = '/v24.0/102290129340398';
const get = (path: string) => call(env.emulator, 'GET', path);
const create = (body: object) => call(env.emulator, 'POST', `${WABA}/message_templates`, body);
const valid = { name: 'order_shipped', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order shipped.' }] };

describe('emulator: GET /{waba-id}/message_templates paging', () => {
	it('pages by 25 by default with opaque cursors, next only while there is more, previous back', async () => {
		for (let i = 0; i < 30; i++) env.emulator.state.templates.set(String(800 + i), { id: String(800 + i), name: `t_${i}`, language: 'en_US', category: 'MARKETING', status: 'APPROVED', parameter_format: 'POSITIONAL', components: [], created_at: i + 1 });
		const first = await get(`${WABA}/message_templates`);
		expect(first.status).toBe(200);
		expect(first.body.data).toHaveLength(25);
		expect(first.body.paging.cursors.after).not.toMatch(/^\d+$/);
		expect(first.body.paging.next).toBe(`${env.emulator.url}${WABA}/message_templates?limit=25&after=${first.body.paging.cursors.after}`);
		expect(first.body.paging.previous).toBeUndefined();
		const second = await get(first.body.paging.next.slice(env.emulator.url.length));
		expect(second.body.data).toHaveLength(10);
		expect(second.body.paging.next).toBeUndefined();
		expect(second.body.paging.previous).toBeDefined();
		const back = await get(second.body.paging.previous.slice(env.emulator.url.length));
		expect(back.body.data.map((t: any) => t.id)).toEqual(first.body.data.map((t: any) => t.id));
		const ids = [...first.body.data, ...second.body.data].map((t: any) => t.id);
		expect(new Set(ids).size).toBe(35);
	});

	it('selects fields, filters by comma lists and adds the summary when asked', async () => {
		const answer = await get(`${WABA}/message_templates?fields=name,status&status=APPROVED,PENDING&category=MARKETING&summary=total_count`);
		expect(answer.body.data).toEqual([
			{ id: '594425479261599', name: 'spring_sale', status: 'APPROVED' },
			{ id: '594425479261600', name: 'welcome_pending', status: 'PENDING' },
		]);
		expect(answer.body.summary).toMatchObject({ total_count: 2, message_template_count: 5, message_template_limit: 250 });
	});

	it.each([['0'], ['x'], ['2.5']])('refuses limit=%s with 100', async (limit) => {
		expect((await get(`${WABA}/message_templates?limit=${limit}`)).body.error.code).toBe(100);
	});

	it('refuses a cursor it did not issue', async () => {
		expect((await get(`${WABA}/message_templates?after=12`)).body.error.code).toBe(100);
	});
});

describe('emulator: POST /{waba-id}/message_templates', () => {
	it('answers {id, status: PENDING, category} and refuses the same name and language (2388024)', async () => {
		const { status, body } = await create(valid);
		expect(status).toBe(200);
		expect(body).toEqual({ id: expect.stringMatching(/^\d{15}$/), status: 'PENDING', category: 'UTILITY' });
		expect((await get(`/v24.0/${body.id}?fields=name,status,quality_score`)).body).toEqual({ id: body.id, name: 'order_shipped', status: 'PENDING', quality_score: { score: 'UNKNOWN' } });
		const duplicate = await create(valid);
		expect(duplicate.body.error).toMatchObject({ code: 100, error_subcode: 2388024 });
		expect((await create({ ...valid, language: 'de' })).status).toBe(200);
	});

	it.each([
		['a capitalised name', { name: 'Order' }, 100, undefined],
		['a name over 512', { name: 'a'.repeat(513) }, 100, undefined],
		['an unknown category', { category: 'PROMO' }, 100, undefined],
		['a bad language', { language: 'english' }, 100, undefined],
		['no body', { components: [{ type: 'FOOTER', text: 'x' }] }, 100, 2388072],
		['a body over 1024', { components: [{ type: 'BODY', text: 'x'.repeat(1025) }] }, 100, 2388040],
		['a header over 60', { components: [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, { type: 'BODY', text: 'x' }] }, 100, 2388040],
		['a bad header format', { components: [{ type: 'HEADER', format: 'AUDIO' }, { type: 'BODY', text: 'x' }] }, 100, 2388047],
		['a body ending with a parameter', { components: [{ type: 'BODY', text: 'Hi {{1}}' }] }, 100, 2388299],
		['a footer over 60', { components: [{ type: 'BODY', text: 'x' }, { type: 'FOOTER', text: 'f'.repeat(61) }] }, 100, 2388040],
		['11 buttons', { components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: Array.from({ length: 11 }, () => ({ type: 'QUICK_REPLY', text: 'a' })) }] }, 100, undefined],
		['ungrouped quick replies', { components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'a' }, { type: 'PHONE_NUMBER', text: 'b', phone_number: '1555' }, { type: 'QUICK_REPLY', text: 'c' }] }] }, 100, undefined],
		['an OTP button of an unknown kind', { category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'MAGIC' }] }] }, 100, undefined],
		['a code expiry over 90 minutes', { category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 91 }] }, 100, undefined],
		['a label over 25', { components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }] }] }, 100, 2388040],
	])('refuses %s', async (_what, change, code, subcode) => {
		const { status, body } = await create({ ...valid, ...change });
		expect(status).toBe(400);
		expect(body.error.code).toBe(code);
		expect(body.error.error_subcode).toBe(subcode);
		expect([...env.emulator.state.templates.values()].some((t) => t.name === 'order_shipped')).toBe(false);
	});

	it('allows 100 creations per hour, then refuses until the hour has passed', async () => {
		for (let i = 0; i < 100; i++) expect((await create({ ...valid, name: `n_${i}` })).status).toBe(200);
		expect((await create({ ...valid, name: 'n_100' })).body.error.code).toBe(80007);
		env.emulator.clock.advance(3600_000);
		expect((await create({ ...valid, name: 'n_100' })).status).toBe(200);
	});
});

describe('emulator: edit and delete', () => {
	const edit = (id: string, body: object) => call(env.emulator, 'POST', `/v24.0/${id}`, body);

	it('edits a rejected template any number of times, keeping it REJECTED until reviewed', async () => {
		const template = env.emulator.state.templates.get('594425479261599')!;
		template.status = 'REJECTED';
		for (let i = 0; i < 3; i++) expect((await edit(template.id, { category: 'UTILITY' })).body).toEqual({ success: true });
		expect(template.category).toBe('UTILITY');
	});

	it('refuses pending templates (2388039) and components over the limits', async () => {
		expect((await edit('594425479261600', { components: [{ type: 'BODY', text: 'x' }] })).body.error.code).toBe(2388039);
		expect((await edit('594425479261597', { components: [{ type: 'BODY', text: 'x'.repeat(1025) }] })).body.error).toMatchObject({ code: 100, error_subcode: 2388040 });
	});

	it('deletes one language by hsm_id and name, refuses a mismatched pair and DISABLED templates', async () => {
		const del = (query: string) => call(env.emulator, 'DELETE', `${WABA}/message_templates?${query}`);
		expect((await del('name=spring_sale&hsm_id=594425479261597')).body.error.code).toBe(100);
		expect((await del('hsm_id=594425479261599')).body.error.code).toBe(100);
		env.emulator.state.templates.get('594425479261598')!.status = 'DISABLED';
		expect((await del('name=login_code')).body.error.code).toBe(100);
		expect((await del('name=spring_sale&hsm_id=594425479261599')).body).toEqual({ success: true });
		expect(env.emulator.state.templates.has('594425479261599')).toBe(false);
	});
});

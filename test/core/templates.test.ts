import { describe, expect, it } from 'vitest';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { failure, graphCalls, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;

const order = {
	name: 'order_shipped',
	language: 'en_US',
	category: 'UTILITY',
	parameterFormat: 'named',
	headerFormat: 'TEXT',
	headerText: 'Order {{order}}',
	headerExample: '860198',
	body: 'Hi {{first_name}}, your order has shipped.',
	bodyExamples: '{"first_name": "Pablo"}',
	footer: 'Lucky Shrub',
	buttons: JSON.stringify([
		{ type: 'QUICK_REPLY', text: 'Stop updates' },
		{ type: 'URL', text: 'Track', url: 'https://x.com/t/{{1}}', example: ['https://x.com/t/A1'] },
		{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '15550051310' },
	]),
};

describe('template: create', () => {
	it('builds the components with named examples and the emulator stores a PENDING template', async () => {
		const created = await run('template', 'create', order);
		expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
		const [call] = graphCalls(emulator());
		expect(call.path).toBe(`/v24.0/${WABA_ID}/message_templates`);
		expect(call.body).toEqual({
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			parameter_format: 'named',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Order {{order}}', example: { header_text_named_params: [{ param_name: 'order', example: '860198' }] } },
				{ type: 'BODY', text: 'Hi {{first_name}}, your order has shipped.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] } },
				{ type: 'FOOTER', text: 'Lucky Shrub' },
				{ type: 'BUTTONS', buttons: JSON.parse(order.buttons) },
			],
		});
		expect(emulator().state.templates.get(created.id)).toMatchObject({ name: 'order_shipped', status: 'PENDING', parameter_format: 'NAMED' });
	});

	it('builds positional examples as Meta nests them, and media and location headers', async () => {
		await run('template', 'create', { name: 'reminder', category: 'MARKETING', body: 'See you on {{1}} at {{2}}.', bodyExamples: ['May 5', '10:00'], headerFormat: 'IMAGE', headerHandle: '4::aW1hZ2U=' });
		await run('template', 'create', { name: 'store_visit', category: 'UTILITY', body: 'Our store is here.', headerFormat: 'LOCATION' });
		const [image, location] = graphCalls(emulator()).map((r) => r.body as any);
		expect(image.components).toEqual([
			{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
			{ type: 'BODY', text: 'See you on {{1}} at {{2}}.', example: { body_text: [['May 5', '10:00']] } },
		]);
		expect(location.components[0]).toEqual({ type: 'HEADER', format: 'LOCATION' });
	});

	it.each([
		['a name with capitals', { name: 'Order_Shipped' }, 'Invalid Name (name): "Order_Shipped" may hold only lowercase letters, digits and underscores (a-z, 0-9, _)'],
		['a name over 512 characters', { name: 'a'.repeat(513) }, 'Invalid Name (name): must be at most 512 characters, got 513'],
		['a body over 1,024 characters', { body: 'x'.repeat(1025), bodyExamples: '' }, 'Invalid Body (body): must be at most 1,024 characters, got 1,025'],
		['a header over 60 characters', { headerText: 'h'.repeat(61) }, 'Invalid Header Text (headerText): must be at most 60 characters, got 61'],
		['a footer over 60 characters', { footer: 'f'.repeat(61) }, 'Invalid Footer (footer): must be at most 60 characters, got 61'],
		['a missing body example', { bodyExamples: '{}' }, 'Invalid Body Examples (bodyExamples): needs an example for {{first_name}}: Meta reviews templates with their examples'],
		['a positional variable in a named template', { body: 'Hi {{1}}', bodyExamples: '' }, 'Invalid Body Examples (bodyExamples): Body variables must be lowercase names like {{first_name}} for the named format'],
		['buttons that are not JSON', { buttons: '[{"type":' }, 'Invalid Buttons (buttons): is not valid JSON'],
		['11 buttons', { buttons: JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `R${i}` }))) }, 'may hold at most 10 buttons, got 11'],
		['ungrouped quick replies', { buttons: JSON.stringify([{ type: 'QUICK_REPLY', text: 'A' }, { type: 'URL', text: 'B', url: 'https://x.com' }, { type: 'QUICK_REPLY', text: 'C' }]) }, 'quick replies must be grouped together'],
		['3 URL buttons', { buttons: JSON.stringify([1, 2, 3].map((i) => ({ type: 'URL', text: `U${i}`, url: 'https://x.com' }))) }, 'may hold at most 2 URL buttons, got 3'],
		['2 phone buttons', { buttons: JSON.stringify([1, 2].map((i) => ({ type: 'PHONE_NUMBER', text: `P${i}`, phone_number: '15550051310' }))) }, 'may hold at most 1 PHONE_NUMBER button, got 2'],
		['2 copy-code buttons', { buttons: JSON.stringify([{ type: 'COPY_CODE', example: 'A' }, { type: 'COPY_CODE', example: 'B' }]) }, 'may hold at most 1 COPY_CODE button, got 2'],
		['a label over 25 characters', { buttons: JSON.stringify([{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }]) }, 'button 1 (QUICK_REPLY): text must be 1 to 25 characters, got 26'],
		['a URL over 2,000 characters', { buttons: JSON.stringify([{ type: 'URL', text: 'Go', url: `https://x.com/${'a'.repeat(2000)}` }]) }, 'url must be at most 2,000 characters, got 2,014'],
		['an unknown category', { category: 'PROMO' }, 'Invalid Category (category): must be one of MARKETING, UTILITY, AUTHENTICATION'],
		['a media header without a handle', { headerFormat: 'VIDEO' }, 'Invalid Header Media Handle (headerHandle): is required for a VIDEO header'],
	])('refuses %s before any request, naming the field and the limit', async (_what, change, message) => {
		const error = await failure(run('template', 'create', { ...order, ...change }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('builds an authentication template: fixed body, code expiry footer and one OTP button', async () => {
		const otp = [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }];
		const created = await run('template', 'create', { name: 'login_otp', category: 'AUTHENTICATION', addSecurityRecommendation: true, codeExpirationMinutes: 10, buttons: JSON.stringify(otp), body: 'ignored for authentication' });
		expect(created).toMatchObject({ status: 'PENDING', category: 'AUTHENTICATION' });
		expect((graphCalls(emulator())[0].body as any).components).toEqual([
			{ type: 'BODY', add_security_recommendation: true },
			{ type: 'FOOTER', code_expiration_minutes: 10 },
			{ type: 'BUTTONS', buttons: otp },
		]);
	});

	it.each([
		[{ buttons: '' }, 'Invalid Buttons (buttons): an AUTHENTICATION template needs exactly one OTP button'],
		[{ codeExpirationMinutes: 91 }, 'Invalid Code Expiration Minutes (codeExpirationMinutes): must be 1 to 90 minutes'],
		[{ buttons: JSON.stringify([{ type: 'OTP', otp_type: 'MAGIC', text: 'Copy' }]) }, 'button 1 (OTP): otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP'],
	])('refuses an authentication template with %j before any request', async (change, message) => {
		const values = { name: 'login_otp', category: 'AUTHENTICATION', buttons: JSON.stringify([{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }]), ...change };
		expect((await failure(run('template', 'create', values))).message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('requires a body for marketing and utility templates', async () => {
		expect((await failure(run('template', 'create', { name: 'no_body', category: 'UTILITY' }))).message).toBe('Invalid Body (body): is required');
	});

	it('reports the platform\'s duplicate refusal (100, subcode 2388024)', async () => {
		await run('template', 'create', order);
		const error = await failure(run('template', 'create', order));
		expect(error).toBeInstanceOf(GraphApiError);
		expect(error).toMatchObject({ code: 100, subcode: 2388024 });
	});
});

describe('template: get many', () => {
	/** Adds templates straight to the emulated account: setup, not the thing under test. */
	function seed(count: number) {
		for (let i = 0; i < count; i++) {
			const id = String(700_000_000_000_000 + i);
			emulator().state.templates.set(id, { id, name: `bulk_${i}`, language: 'en_US', category: 'MARKETING', status: 'APPROVED', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hi' }], created_at: i + 1 });
		}
	}

	it('returns every template, one record each, following paging.cursors.after across pages', async () => {
		seed(140);
		const all = await run('template', 'getMany', { returnAll: true });
		expect(all).toHaveLength(145);
		expect(new Set(all.map((t: any) => t.id)).size).toBe(145);
		expect(all[0]).toMatchObject({ name: 'bulk_139', status: 'APPROVED', category: 'MARKETING' });
		const pages = graphCalls(emulator());
		expect(pages).toHaveLength(2);
		expect(pages[0].query).toMatchObject({ limit: '100' });
		expect(pages[0].query.after).toBeUndefined();
		expect(pages[1].query.after).toBe((pages[0].response as any).paging.cursors.after);
		expect((pages[1].response as any).paging.next).toBeUndefined();
	});

	it('stops at the limit, reading only the pages it needs', async () => {
		seed(240);
		expect(await run('template', 'getMany', { returnAll: false, limit: 30 })).toHaveLength(30);
		expect(graphCalls(emulator())).toHaveLength(1);
		emulator().state.requests.length = 0;
		const some = await run('template', 'getMany', { returnAll: false, limit: 120 });
		expect(some).toHaveLength(120);
		expect(some.at(-1)).toMatchObject({ name: 'bulk_120' });
		expect(graphCalls(emulator())).toHaveLength(2);
	});

	it('filters by status, category and name', async () => {
		const approved = await run('template', 'getMany', { returnAll: true, status: 'APPROVED', category: 'UTILITY' });
		expect(approved.map((t: any) => t.name).sort()).toEqual(['appointment_reminder', 'order_update']);
		const byName = await run('template', 'getMany', { returnAll: true, name: 'login' });
		expect(byName).toMatchObject([{ name: 'login_code', category: 'AUTHENTICATION', status: 'APPROVED' }]);
		expect(graphCalls(emulator())[0].query).toMatchObject({ status: 'APPROVED', category: 'UTILITY' });
	});

	it('refuses a limit below 1', async () => {
		const error = await failure(run('template', 'getMany', { returnAll: false, limit: 0 }));
		expect(error.message).toBe('Invalid Limit (limit): must be at least 1');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('template: get, update, delete', () => {
	it('gets one template by ID', async () => {
		const template = await run('template', 'get', { templateId: '594425479261597' });
		expect(template).toMatchObject({ id: '594425479261597', name: 'appointment_reminder', status: 'APPROVED', parameter_format: 'POSITIONAL' });
	});

	it('edits the components of an approved template, which goes back to review, once per 24 hours', async () => {
		const components = JSON.stringify([{ type: 'BODY', text: 'Your visit is on {{1}}.', example: { body_text: [['May 5']] } }]);
		expect(await run('template', 'update', { templateId: '594425479261597', components })).toEqual({ success: true });
		const template = emulator().state.templates.get('594425479261597')!;
		expect(template).toMatchObject({ status: 'PENDING', components: JSON.parse(components) });
		template.status = 'APPROVED';
		const again = await failure(run('template', 'update', { templateId: '594425479261597', components }));
		expect(again).toMatchObject({ code: 100 });
		expect(again.message).toMatch(/once per 24 hours/);
		emulator().clock.advance(25 * 3600_000);
		expect(await run('template', 'update', { templateId: '594425479261597', components })).toEqual({ success: true });
	});

	it('refuses to change the category of an approved template, and to edit a pending one', async () => {
		expect(await failure(run('template', 'update', { templateId: '594425479261597', category: 'MARKETING' }))).toMatchObject({ code: 100 });
		expect(await failure(run('template', 'update', { templateId: '594425479261600', category: 'UTILITY' }))).toMatchObject({ code: 2388039 });
	});

	it('refuses an edit with nothing to change, or components over the limits, before any request', async () => {
		expect((await failure(run('template', 'update', { templateId: '594425479261597' }))).message).toContain('Components (components): is required');
		const error = await failure(run('template', 'update', { templateId: '594425479261597', components: JSON.stringify([{ type: 'BODY', text: 'x'.repeat(1025) }]) }));
		expect(error.message).toBe('Invalid Components (components) (0): BODY text must be at most 1,024 characters, got 1,025');
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('deletes by name (every language) and by ID and name (one), answering {deleted: true}', async () => {
		await run('template', 'create', { name: 'greeting', language: 'en_US', category: 'MARKETING', body: 'Hi!' });
		const german = await run('template', 'create', { name: 'greeting', language: 'de', category: 'MARKETING', body: 'Hallo!' });
		await run('template', 'create', { name: 'greeting', language: 'fr', category: 'MARKETING', body: 'Salut !' });
		expect(await run('template', 'delete', { name: 'greeting', templateId: german.id })).toEqual({ deleted: true, name: 'greeting', templateId: german.id });
		expect([...emulator().state.templates.values()].filter((t) => t.name === 'greeting').map((t) => t.language).sort()).toEqual(['en_US', 'fr']);
		expect(await run('template', 'delete', { name: 'greeting' })).toEqual({ deleted: true, name: 'greeting' });
		expect([...emulator().state.templates.values()].filter((t) => t.name === 'greeting')).toHaveLength(0);
		const unknown = await failure(run('template', 'delete', { name: 'greeting' }));
		expect(unknown).toMatchObject({ code: 100 });
	});
});

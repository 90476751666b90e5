import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PairRefusal } from '../../emulator/limits';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const PHONE = '106540352242922';
let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: 'T0ken', appSecret: 'S', managementBudget: 3 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
	const response = await fetch(`${emulator.url}/v24.0/${path}`, {
		method,
		headers: { authorization: 'Bearer T0ken', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } });
const send = (to: string) => call('POST', `${PHONE}/messages`, text(to));
const codes = (answers: Array<{ body: any }>) => answers.map((a) => a.body.error?.code ?? 'ok');
const count = (list: unknown[], value: unknown) => list.filter((v) => v === value).length;

describe('emulator limits: throughput per phone number', () => {
	it('takes a number\'s throughput from its level: 80 msg/s for STANDARD, 1,000 for HIGH', () => {
		expect(emulator.limits.mpsOf(PHONE)).toBe(80);
		emulator.state.phoneNumbers.get(PHONE)!.throughput.level = 'HIGH';
		expect(emulator.limits.mpsOf(PHONE)).toBe(1000);
		// The emulator's own setting (--mps) overrides every level.
		emulator.options.mps = 20;
		try {
			expect(emulator.limits.mpsOf(PHONE)).toBe(20);
		} finally {
			emulator.options.mps = undefined;
		}
	});

	it('refuses exactly the overflow of a burst at twice the limit with 130429 (HTTP 400)', async () => {
		// A coexistence number's 20 mps: a burst small enough to arrive within one second here.
		emulator.options.mps = 20;
		try {
			await call('GET', PHONE);
			const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(`4915100000${String(i).padStart(3, '0')}`)));
			const result = codes(answers);
			expect(count(result, 'ok')).toBe(20);
			expect(count(result, 130429)).toBe(20);
			const refused = answers.find((a) => a.body.error)!;
			expect(refused.status).toBe(400);
			expect(refused.body.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
			expect(emulator.state.messages).toHaveLength(20);
			expect(emulator.limits.refused[130429]).toBe(20);
		} finally {
			emulator.options.mps = undefined;
		}
	});

	it('counts a sliding window: the 81st goes once the first left (t - 1 s, t]', () => {
		emulator.hooks.checkMessage(PHONE, '491510000');
		// Times from the first send, whatever time the others take on a busy machine.
		const first = emulator.clock.now();
		for (let i = 1; i < 80; i++) emulator.hooks.checkMessage(PHONE, `49151000${i}`);
		expect(() => emulator.hooks.checkMessage(PHONE, '4915199999')).toThrow(/130429/);
		emulator.clock.advance(first + 990 - emulator.clock.now());
		expect(() => emulator.hooks.checkMessage(PHONE, '4915199999')).toThrow(/130429/);
		emulator.clock.advance(first + 1000 - emulator.clock.now());
		expect(() => emulator.hooks.checkMessage(PHONE, '4915199999')).not.toThrow();
	});

	it('counts each phone number apart, and lets 1,000 through for a HIGH number', async () => {
		const high = await startEmulator({ token: 'T0ken', appSecret: 'S', mps: 1000 });
		try {
			for (let i = 0; i < 1000; i++) high.hooks.checkMessage(PHONE, `4915100${i}`);
			expect(() => high.hooks.checkMessage(PHONE, '4915199999')).toThrow(/130429/);
			expect(() => high.hooks.checkMessage('106540352242923', '4915199999')).not.toThrow();
		} finally {
			await high.stop();
		}
	});
});

describe('emulator limits: (phone number, recipient) pair', () => {
	it('accepts a burst of 45 within 6 s, refuses the 46th with 131056, accepts it once the debt is repaid', async () => {
		for (let i = 0; i < 45; i++) expect((await send('+49 151 2345678')).status).toBe(200);
		const refused = await send('+49 151 2345678');
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe(131056);
		expect((await send('+49 151 2345679')).status).toBe(200);
		// 45 messages of 6 s debt each: repaid 270 s after the burst began.
		emulator.clock.advance(265_000);
		expect((await send('+49 151 2345678')).body.error?.code).toBe(131056);
		emulator.clock.advance(6_000);
		expect((await send('+49 151 2345678')).status).toBe(200);
		expect(count(emulator.state.messages.map((m) => m.to), '491512345678')).toBe(46);
	});

	it('lists each pair-limit refusal with the burst it missed in /__emulator/state, until a reset', async () => {
		for (let i = 0; i < 45; i++) await send('+49 151 2345678');
		emulator.clock.advance(7_000);
		expect((await send('+49 151 2345678')).body.error.code).toBe(131056);
		const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { limits: { pairRefusals: PairRefusal[] } };
		expect(state.limits.pairRefusals).toHaveLength(1);
		const [refusal] = state.limits.pairRefusals;
		expect(refusal).toMatchObject({ waId: '491512345678', burstCount: 45 });
		// Refused 7 s into the burst (and the requests' own time), 45 x 6 s of debt from its start.
		expect(refusal.at - refusal.burstStart).toBeGreaterThanOrEqual(7_000);
		expect(refusal.at - refusal.burstStart).toBeLessThan(8_000);
		expect(refusal.debtUntil - refusal.burstStart).toBe(45 * 6_000);
		emulator.reset();
		expect(emulator.limits.pairRefusals).toEqual([]);
	});

	it('after a burst of 20 the next waits about 2 minutes; at 1 per 6 s there is never a wait', async () => {
		for (let i = 0; i < 20; i++) emulator.hooks.checkMessage(PHONE, '491510001');
		emulator.clock.advance(7_000);
		expect(() => emulator.hooks.checkMessage(PHONE, '491510001')).toThrow(/131056/);
		emulator.clock.advance(113_000);
		expect(() => emulator.hooks.checkMessage(PHONE, '491510001')).not.toThrow();
		for (let i = 0; i < 10; i++) {
			emulator.clock.advance(6_000);
			expect(() => emulator.hooks.checkMessage(PHONE, '491510002')).not.toThrow();
		}
	});

	it('a refused message adds no debt', () => {
		for (let i = 0; i < 45; i++) emulator.hooks.checkMessage(PHONE, '491510003');
		emulator.clock.advance(100_000);
		for (let i = 0; i < 5; i++) expect(() => emulator.hooks.checkMessage(PHONE, '491510003')).toThrow(/131056/);
		emulator.clock.advance(170_000);
		expect(() => emulator.hooks.checkMessage(PHONE, '491510003')).not.toThrow();
	});
});

describe('emulator limits: management budget per WABA', () => {
	it('reports usage on every counted call and refuses past the budget with 80007 and a time to regain access', async () => {
		const waba = emulator.state.wabaId;
		const usage = (headers: Headers) => JSON.parse(headers.get('x-business-use-case-usage')!)[waba][0];
		const percents: number[] = [];
		for (let i = 0; i < 3; i++) percents.push(usage((await call('GET', `${waba}/phone_numbers`)).headers).call_count);
		expect(percents).toEqual([33, 67, 100]);
		const refused = await call('GET', `${waba}/phone_numbers`);
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe(80007);
		expect(usage(refused.headers)).toMatchObject({ type: 'whatsapp_business_management', call_count: 100, estimated_time_to_regain_access: 60 });
		// Message sends are not management calls.
		expect((await send('+4915100000001')).headers.get('x-business-use-case-usage')).toBeNull();
		emulator.clock.advance(3_600_000);
		expect(usage((await call('GET', `${waba}/phone_numbers`)).headers).call_count).toBe(33);
	});
});

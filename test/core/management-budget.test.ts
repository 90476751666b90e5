import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOperation } from '../../nodes/shared/catalog';
import { normaliseSettings, type RawSettings } from '../../nodes/shared/credentials';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { GraphClient } from '../../nodes/shared/graph/client';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { useCaseUsage } from '../../nodes/shared/graph/usage';
import { PacingWaitError } from '../../nodes/shared/pacing/errors';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { WabaBudgets } from '../../nodes/shared/pacing/wabaBudgets';
import { runOperation } from '../../nodes/shared/run';
import type { PacingContext } from '../../nodes/shared/run/context';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const TOKEN = 'EAAbudget-token-0123';
const WABA_ID = '102290129340398';
const HOUR = 3_600_000;
const BUDGET_LIMIT = /hourly management-call budget of the WABA would take .* more than the maximum wait of 2\.0 s/;

describe('the pacer given the usage as plain numbers (WabaBudgets)', () => {
	function budgets(budget = 200) {
		let now = 1_000_000;
		const health = { up: () => undefined, down: () => undefined };
		const wabas = new WabaBudgets({ budget: 5000, windowMs: HOUR, now: () => now, health });
		wabas.setBudget('w', budget);
		return { wabas, advance: (ms: number) => (now += ms) };
	}

	it('200 calls an hour for a WABA without a registered number, 5,000 with one; a change keeps the calls counted', async () => {
		const { wabas } = budgets(200);
		for (let i = 0; i < 200; i++) expect(await wabas.acquire('w', 0)).toBe(0);
		expect(await wabas.acquire('w', 0)).toBe(-HOUR);
		wabas.setBudget('w', 5000);
		for (let i = 0; i < 4800; i++) expect(await wabas.acquire('w', 0)).toBe(0);
		expect(await wabas.acquire('w', 0)).toBeLessThan(0);
		expect(wabas.budgetOf('other')).toBe(5000);
	});

	it('past 75 % the calls left are spread over the hour; at 75 % or less they go at once again', async () => {
		const { wabas, advance } = budgets(200);
		await wabas.usage('w', { percent: 80, regainMs: 0 });
		// 20 % of 200 left: 40 calls, one every 90 s.
		expect(await wabas.acquire('w', Infinity)).toBe(0);
		expect(await wabas.acquire('w', Infinity)).toBe(90_000);
		expect(await wabas.acquire('w', 1000)).toBe(-180_000);
		advance(180_000);
		expect(await wabas.acquire('w', Infinity)).toBe(0);
		await wabas.usage('w', { percent: 75, regainMs: 0 });
		expect(await wabas.acquire('w', 0)).toBe(0);
		expect(await wabas.acquire('w', 0)).toBe(0);
		// A usage an hour old no longer spreads the calls.
		await wabas.usage('w', { percent: 90, regainMs: 0 });
		expect(await wabas.acquire('w', 0)).toBe(0);
		expect(await wabas.acquire('w', 0)).toBeLessThan(0);
		advance(HOUR);
		expect(await wabas.acquire('w', 0)).toBe(0);
		expect(await wabas.acquire('w', 0)).toBe(0);
	});

	it('a wait the header asks for (estimated_time_to_regain_access) holds every call that long', async () => {
		const { wabas } = budgets(5000);
		await wabas.usage('w', { percent: 100, regainMs: 7 * 60_000 });
		expect(await wabas.acquire('w', Infinity)).toBe(7 * 60_000);
	});
});

describe('X-Business-Use-Case-Usage read in the Graph layer', () => {
	it('gives the highest percentage and the longest wait of the WABA\'s entries, else of all', () => {
		const header = (usage: unknown) => ({ 'x-business-use-case-usage': JSON.stringify(usage) });
		const entry = (call_count: number, total_time: number, estimated_time_to_regain_access = 0) => ({ type: 'whatsapp_business_management', call_count, total_cputime: 1, total_time, estimated_time_to_regain_access });
		expect(useCaseUsage(header({ [WABA_ID]: [entry(80, 12)], '999': [entry(100, 100, 9)] }), WABA_ID)).toEqual({ percent: 80, regainMs: 0 });
		expect(useCaseUsage(header({ '999': [entry(20, 96, 3)] }), WABA_ID)).toEqual({ percent: 96, regainMs: 180_000 });
		expect(useCaseUsage({}, WABA_ID)).toBeUndefined();
		expect(useCaseUsage({ 'x-business-use-case-usage': 'not json' })).toBeUndefined();
	});
});

describe('the management budget on the run path, against the emulator', () => {
	let emulator: GraphEmulator;
	beforeAll(async () => {
		emulator = await startEmulator({ token: TOKEN, appSecret: 's' });
	});
	beforeEach(() => {
		emulator.reset();
		emulator.options.managementBudget = undefined;
	});
	afterAll(() => emulator.stop());

	/** An account with a pacer of its own and a Max Wait of 2 s. */
	function open(settings: RawSettings = {}, pacer = new Pacer({ now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), classify: classifyGraphFailure })): PacingContext {
		const account = normaliseSettings({ accessToken: TOKEN, wabaId: WABA_ID, baseUrl: emulator.url, maxWaitSeconds: '2', ...settings });
		return { account, client: new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: emulator.url, apiVersion: account.apiVersion }), pacer };
	}
	const listNumbers = (context: PacingContext) => runOperation(findOperation('phoneNumber', 'getMany')!, { returnAll: true }, context);
	const unregister = () => {
		for (const number of emulator.state.phoneNumbers.values()) number.status = 'PENDING';
	};
	const graphCalls = () => emulator.state.requests.filter((r) => r.path.startsWith('/v')).length;
	/** Management calls until one fails before any request; how many went. */
	async function callsUntilHeld(context: PacingContext, most: number) {
		for (let i = 0; i < most; i++) {
			const before = graphCalls();
			const error = await listNumbers(context).then(() => undefined, (e: unknown) => e);
			if (error) {
				expect(error).toBeInstanceOf(PacingWaitError);
				expect((error as Error).message).toMatch(BUDGET_LIMIT);
				expect(graphCalls()).toBe(before);
				return i;
			}
		}
		return most;
	}

	it('auto: the phone numbers list shows no registered number, so 200 calls an hour; 5,000 set in the credential', async () => {
		unregister();
		// The emulator's own budget out of the way: the pacer alone holds the 201st call.
		emulator.options.managementBudget = 10_000;
		const auto = open();
		expect(await callsUntilHeld(auto, 300)).toBe(200);
		expect(emulator.limits.refused[80007]).toBe(0);
		const set = open({ managementBudget: '5000' }, auto.pacer);
		expect(await callsUntilHeld(set, 50)).toBe(50);
	});

	it('the usage header slows calls before the budget runs out: a WABA of 200 gets no 80007', async () => {
		unregister();
		// The emulator's budget: 200, as the WABA has no registered number; its header counts the calls.
		const context = open({ managementBudget: '200' });
		const went = await callsUntilHeld(context, 250);
		// The 151st answer says 76 %: the 48 calls left are spread over the hour, the next one 75 s later.
		expect(went).toBe(152);
		expect(emulator.limits.refused[80007]).toBe(0);
	});

	it('a Management Budget Meta does not give fails before any request, naming the field and the choices', async () => {
		const error = await listNumbers(open({ managementBudget: '1000' })).catch((e: unknown) => e as Error);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as Error).message).toBe('Invalid Management Budget (managementBudget): "1000" is not a budget Meta gives: use auto, 200 (a WABA without a registered number) or 5000');
		expect(graphCalls()).toBe(0);
		expect(await listNumbers(open({ managementBudget: '5,000' }))).toHaveLength(emulator.state.phoneNumbers.size);
	});

	it('the emulator\'s budget: 5,000 with a registered (CONNECTED) number, 200 without', () => {
		expect(emulator.limits.managementBudget).toBe(5000);
		unregister();
		expect(emulator.limits.managementBudget).toBe(200);
	});
});

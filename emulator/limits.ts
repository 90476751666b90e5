import { GraphError } from './graphError';
import type { GraphEmulator } from './server';

/**
 * The platform's rate limits as the emulator enforces them, written from Meta's pages (Throughput,
 * Pair rate limit, Graph API Rate Limiting) apart from the package's pacer, which is tested against
 * it:
 * - throughput: at most N accepted messages per number in any window (t - 1 s, t] -> 130429;
 * - pair: per (number, wa_id) a debt of 6 s a message; a burst of up to 45 within 6 s -> 131056;
 * - management: per WABA a budget of calls per rolling hour (5,000 with a registered number, else
 *   200) -> 80007 (the WhatsApp Error codes page; Meta's Graph API "Rate Limits" page lists 80008
 *   for the same throttle), with X-Business-Use-Case-Usage on every counted call.
 */
const WINDOW_MS = 1000;
const PAIR_DEBT_MS = 6000;
const PAIR_BURST_MS = 6000;
const PAIR_BURST_MAX = 45;
const HOUR_MS = 3_600_000;
/** How many pair-limit refusals `pairRefusals` keeps. */
const PAIR_REFUSALS_KEPT = 100;

interface PairState {
	debtUntil: number;
	burstStart: number;
	burstCount: number;
}

/** A message refused with 131056 (to `waId`, at `at`), with the recipient's burst it missed. */
export type PairRefusal = PairState & { waId: string; at: number };

export class EmulatorLimits {
	/** Accepted message times per phone number, oldest first. */
	private readonly accepted = new Map<string, number[]>();
	private readonly pairs = new Map<string, PairState>();
	private readonly managementCalls: number[] = [];
	/** Every accepted message time per phone number, for `busiestSecond`. */
	private readonly history = new Map<string, number[]>();
	/** Refusals by code, for tests and the benchmark. */
	readonly refused = { 130429: 0, 131056: 0, 80007: 0 };
	/** The last pair-limit refusals, with the burst they missed: what a test prints to show why. */
	readonly pairRefusals: PairRefusal[] = [];

	constructor(private readonly emulator: GraphEmulator) {}

	/** The number's throughput: the emulator's setting, else its level (STANDARD 80, HIGH 1,000; Meta's Throughput page). */
	mpsOf(phoneNumberId: string): number {
		if (this.emulator.options.mps !== undefined) return this.emulator.options.mps;
		return this.emulator.state.phoneNumbers.get(phoneNumberId)?.throughput.level === 'HIGH' ? 1000 : 80;
	}

	/** The emulator's setting, else 5,000 when a number of the WABA is registered (CONNECTED), 200 when none is ("About the platform"). */
	get managementBudget(): number {
		if (this.emulator.options.managementBudget !== undefined) return this.emulator.options.managementBudget;
		return [...this.emulator.state.phoneNumbers.values()].some((number) => number.status === 'CONNECTED') ? 5000 : 200;
	}

	reset() {
		this.accepted.clear();
		this.pairs.clear();
		this.managementCalls.length = 0;
		this.history.clear();
		this.refused[130429] = this.refused[131056] = this.refused[80007] = 0;
		this.pairRefusals.length = 0;
	}

	checkMessage(phoneNumberId: string, waId: string) {
		const now = this.emulator.clock.now();
		const times = this.accepted.get(phoneNumberId) ?? [];
		this.accepted.set(phoneNumberId, times);
		while (times.length && times[0] <= now - WINDOW_MS) times.shift();
		if (times.length >= this.mpsOf(phoneNumberId)) {
			this.refused[130429]++;
			throw new GraphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.');
		}
		const key = `${phoneNumberId}:${waId}`;
		const pair = this.pairs.get(key);
		if (!pair || pair.debtUntil <= now) {
			this.pairs.set(key, { debtUntil: now + PAIR_DEBT_MS, burstStart: now, burstCount: 1 });
		} else if (now < pair.burstStart + PAIR_BURST_MS && pair.burstCount < PAIR_BURST_MAX) {
			pair.burstCount++;
			pair.debtUntil += PAIR_DEBT_MS;
		} else {
			this.refused[131056]++;
			if (this.pairRefusals.push({ waId, at: now, ...pair }) > PAIR_REFUSALS_KEPT) this.pairRefusals.shift();
			throw new GraphError(131056, '(Business Account, Consumer Account) pair rate limit hit', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.');
		}
		times.push(now);
		const history = this.history.get(phoneNumberId) ?? [];
		this.history.set(phoneNumberId, history);
		history.push(now);
	}

	/** The most messages a number had accepted in any window (t - 1 s, t]: what the limit caps. */
	busiestSecond(phoneNumberId: string): number {
		const times = this.history.get(phoneNumberId) ?? [];
		let most = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[j] <= times[i] - WINDOW_MS) j++;
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	/** Counts a management call against the WABA's hourly budget; returns the usage header. */
	checkManagementCall(): Record<string, string> {
		const now = this.emulator.clock.now();
		const calls = this.managementCalls;
		while (calls.length && calls[0] <= now - HOUR_MS) calls.shift();
		const budget = this.managementBudget;
		if (calls.length >= budget) {
			this.refused[80007]++;
			const regainMinutes = Math.max(1, Math.ceil((calls[calls.length - budget] + HOUR_MS - now) / 60_000));
			const error = new GraphError(80007, 'Rate limit issues', `The WhatsApp Business Account has reached its rate limit of ${budget} calls per hour.`);
			error.headers = this.usageHeader(100, regainMinutes);
			throw error;
		}
		calls.push(now);
		return this.usageHeader(Math.min(100, Math.round((calls.length / budget) * 100)), 0);
	}

	private usageHeader(percent: number, regainMinutes: number): Record<string, string> {
		const usage = {
			[this.emulator.state.wabaId]: [
				{
					type: 'whatsapp_business_management',
					call_count: percent,
					total_cputime: percent,
					total_time: percent,
					estimated_time_to_regain_access: regainMinutes,
				},
			],
		};
		return { 'x-business-use-case-usage': JSON.stringify(usage) };
	}
}

/** Makes the emulator enforce the limits; its `limits` reports the refusals. */
export function installLimits(emulator: GraphEmulator): EmulatorLimits {
	const limits = new EmulatorLimits(emulator);
	emulator.hooks.checkMessage = (phoneNumberId, waId) => limits.checkMessage(phoneNumberId, waId);
	emulator.hooks.checkManagementCall = () => limits.checkManagementCall();
	return limits;
}

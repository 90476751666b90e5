import type { FaultSpec } from './faults';
import { GraphError, invalidParameter } from './graphError';
import type { GraphEmulator } from './server';

/**
 * The control API for tests and demos outside the process, under /__emulator/ (no token, loopback
 * only): reset, scripted faults, the clock and a snapshot of what the emulator saw.
 */
export function registerControl(emulator: GraphEmulator) {
	const body = (req: { body: unknown }) => (req.body ?? {}) as Record<string, unknown>;

	emulator.controlRoute('POST', /^\/__emulator\/reset$/, () => {
		emulator.reset();
		return { success: true };
	});

	emulator.controlRoute('GET', /^\/__emulator\/state$/, () => ({
		now: emulator.clock.now(),
		messages: emulator.state.messages,
		reads: emulator.state.reads,
		media: emulator.state.media.size,
		requests: emulator.state.requests.length,
		faults: emulator.faults.pending(),
		limits: {
			refused: emulator.limits.refused,
			pairRefusals: emulator.limits.pairRefusals,
			busiestSecond: Object.fromEntries([...emulator.state.phoneNumbers.keys()].map((id) => [id, emulator.limits.busiestSecond(id)])),
		},
	}));

	emulator.controlRoute('POST', /^\/__emulator\/clock$/, (_match, req) => {
		const advanceMs = Number(body(req).advanceMs);
		if (!Number.isFinite(advanceMs) || advanceMs < 0)
			throw invalidParameter('Param advanceMs must be a number of milliseconds >= 0.');
		return { now: emulator.advanceClock(advanceMs) };
	});

	emulator.controlRoute('GET', /^\/__emulator\/faults$/, () => ({ data: emulator.faults.pending() }));

	emulator.controlRoute('DELETE', /^\/__emulator\/faults$/, () => {
		emulator.faults.clear();
		return { success: true };
	});

	// JSON has no RegExp and no Infinity: `path` is a pattern's source, `times` may be "Infinity".
	emulator.controlRoute('POST', /^\/__emulator\/faults$/, (_match, req) => {
		const spec = body(req);
		if (typeof spec.path !== 'string')
			throw invalidParameter('Param path must be a regular expression source.');
		try {
			const fault = emulator.faults.add({
				...(spec as unknown as FaultSpec),
				times: spec.times === undefined ? undefined : Number(spec.times),
			});
			return { id: fault.id };
		} catch (error) {
			throw new GraphError(100, 'Invalid parameter', (error as Error).message);
		}
	});
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full garbage collection, for heap measurements. */
export const gc = runInNewContext('gc') as () => void;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The most events in any window (t - windowMs, t] of these times. */
export function busiest(times: number[], windowMs = 1000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[j] <= sorted[i] - windowMs) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

/** Recipients as WhatsApp numbers: 49151 followed by 8 digits. */
export const recipient = (i: number) => `49151${String(i).padStart(8, '0')}`;

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

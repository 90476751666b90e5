import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

export const TOKEN = 'T0ken';
export const PHONE_ID = '106540352242922';

/** Starts one in-process emulator for the test file and resets it before each test. */
export function useEmulator() {
	const handle = { emulator: undefined as unknown as GraphEmulator };
	beforeAll(async () => {
		handle.emulator = await startEmulator({ token: TOKEN, appSecret: 'S' });
	});
	beforeEach(() => handle.emulator.reset());
	afterAll(() => handle.emulator.stop());
	return handle;
}

/** A JSON request as a Graph client sends it; answers status and parsed body. */
export async function call(
	emulator: GraphEmulator,
	method: string,
	path: string,
	body?: unknown,
	token = TOKEN,
) {
	const response = await fetch(`${emulator.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: (text ? JSON.parse(text) : undefined) as any,
		headers: response.headers,
	};
}

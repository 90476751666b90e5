import { findOperation } from '../../nodes/shared/catalog';
import type { FileData } from '../../nodes/shared/catalog/support/files';
import { DEFAULT_API_VERSION, type AccountSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { runOperation } from '../../nodes/shared/run';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import type { GraphEmulator } from '../../emulator/server';

export const TOKEN = 'EAAcore-messaging-token-42';
export const PHONE_NUMBER_ID = '106540352242922';
export const TO = '+16505551234';

export const accountFor = (emulator: GraphEmulator): AccountSettings => ({
	accessToken: TOKEN,
	appSecret: 'app-secret',
	verifyToken: 'verify',
	wabaId: '102290129340398',
	phoneNumberId: PHONE_NUMBER_ID,
	apiVersion: DEFAULT_API_VERSION,
	baseUrl: emulator.url,
});

/** Runs an operation of the catalog against the emulator, as both hosts do; files by reference. */
export function runner(emulator: GraphEmulator) {
	return (resource: string, operation: string, values: Record<string, unknown>, files: Record<string, FileData> = {}) => {
		const spec = findOperation(resource, operation);
		if (!spec) throw new Error(`no operation ${resource}.${operation}`);
		const account = accountFor(emulator);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		const source = {
			async read(reference: string) {
				const file = files[reference];
				if (!file) throw new ValidationError('Input Binary Field (fileProperty)', `no file "${reference}"`);
				return file;
			},
		};
		return runOperation(spec, values, { client, account, files: source });
	};
}

/** The error a run fails with (so a test can assert on its message). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the operation to fail');
}

/** A minimal valid JPEG / PNG / WebP / PDF, padded to a size. */
export const jpeg = (size = 64) => Uint8Array.from({ length: size }, (_, i) => [0xff, 0xd8, 0xff, 0xe0][i] ?? i % 251);
export const webp = (size = 64, animated = false) => {
	const head = new TextEncoder().encode(`RIFF....WEBPVP8${animated ? 'XANIM' : ' '}`);
	const data = new Uint8Array(size);
	data.set(head);
	return data;
};

import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { openN8nAccount } from '../../n8n/account';
import { toNodeError } from '../../n8n/errors';
import type { OpenedAccount } from '../../shared/account/open';
import { redactError } from '../../shared/secrets';

/** An editor lookup of the core (shared/account/lookups.ts) on the credential's account; its errors as n8n errors, without secrets. */
export async function lookup<T>(context: ILoadOptionsFunctions, read: (account: OpenedAccount) => Promise<T>): Promise<T> {
	const opened = await openN8nAccount(context);
	try {
		return await read(opened);
	} catch (error) {
		throw toNodeError(context.getNode(), redactError(error, opened.secrets), 0);
	}
}

/** Keeps the entries whose texts contain the filter, case-insensitively. */
export function matches(filter: string | undefined, ...texts: Array<string | undefined>) {
	if (!filter) return true;
	const needle = filter.toLowerCase().replace(/[\s+\-()]/g, '');
	return texts.some((text) => (text ?? '').toLowerCase().replace(/[\s+\-()]/g, '').includes(needle));
}

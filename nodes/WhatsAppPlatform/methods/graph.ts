import { NodeOperationError, type ILoadOptionsFunctions } from 'n8n-workflow';
import type { AccountSettings } from '../../shared/credentials';
import { GraphClient } from '../../shared/graph/client';
import { collectPages } from '../../shared/graph/paging';
import { CREDENTIAL_TYPE, n8nTransport } from '../transport';

/** The account and a Graph client for the editor's lookups (lists, template fields). */
export async function editorGraph(context: ILoadOptionsFunctions) {
	const account = (await context.getCredentials(CREDENTIAL_TYPE)) as unknown as AccountSettings;
	if (!account.wabaId) {
		throw new NodeOperationError(context.getNode(), 'Set the WhatsApp Business Account ID in the credential to list its phone numbers and templates');
	}
	const client = new GraphClient({ transport: n8nTransport(context), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	/** Every record of a WABA list edge, across all cursor pages. */
	const list = <T>(edge: string, query: Record<string, string>) =>
		collectPages(client, { method: 'GET', path: `${account.wabaId}/${edge}`, query }, { returnAll: true, limit: 0 }) as Promise<T[]>;
	return { account, client, list };
}

/** Keeps the entries whose texts contain the filter, case-insensitively. */
export function matches(filter: string | undefined, ...texts: Array<string | undefined>) {
	if (!filter) return true;
	const needle = filter.toLowerCase().replace(/[\s+\-()]/g, '');
	return texts.some((text) => (text ?? '').toLowerCase().replace(/[\s+\-()]/g, '').includes(needle));
}

import type { GraphClient, GraphRequest } from './client';

/** How much of a list to read: everything, or the first `limit` records. */
export interface ListParams {
	returnAll: boolean;
	limit: number;
}

/** The largest page asked for; Graph edges default to 25. */
const PAGE_SIZE = 100;

/** A client, or a function that sends one page (run.ts paces each page through it). */
export type PageSource = GraphClient | ((page: GraphRequest) => Promise<unknown>);

interface Page {
	data?: unknown[];
	paging?: { cursors?: { after?: string }; next?: string };
}

/**
 * Reads a Graph list edge page by page and returns its records. Follows `paging.cursors.after`
 * rather than the `paging.next` URL, which can carry the access token and another host.
 */
export async function collectPages(source: PageSource, request: GraphRequest, list: ListParams): Promise<unknown[]> {
	const send = typeof source === 'function' ? source : async (page: GraphRequest) => (await source.request(page)).data;
	const records: unknown[] = [];
	const pageSize = list.returnAll ? PAGE_SIZE : Math.min(list.limit, PAGE_SIZE);
	let query: GraphRequest['query'] = { ...request.query, limit: pageSize };
	for (;;) {
		const page = (await send({ ...request, query })) as Page;
		records.push(...(page.data ?? []));
		if (!list.returnAll && records.length >= list.limit) return records.slice(0, list.limit);
		const after: string | undefined = page.paging?.cursors?.after;
		if (!page.paging?.next || !after) return records;
		query = { ...query, after };
	}
}

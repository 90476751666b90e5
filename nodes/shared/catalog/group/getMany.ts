import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { listParams, phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

interface GetManyGroupsParams {
	phoneNumberId: string;
	returnAll: boolean;
	limit: number;
}

/** A page of active groups: here `data` is an object holding `groups`, not an array. */
interface GroupsPage {
	data?: { groups?: unknown[] };
	paging?: { cursors?: { after?: string }; next?: string };
}

export const getManyGroups = defineOperation<GetManyGroupsParams>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many groups',
	help: 'Lists the active groups of a business number, one item per group (ID, subject, creation time).',
	params: {
		phoneNumberId: phoneNumberParam,
		returnAll: listParams.returnAll,
		limit: {
			...listParams.limit,
			default: 25,
			help: `Max number of groups to return, 1 to ${LIMITS.groupListPageMax.toLocaleString('en-US')} (one page).`,
			schema: z.coerce
				.number({ invalid_type_error: 'must be a number' })
				.int('must be a whole number')
				.min(1, 'must be at least 1')
				.max(LIMITS.groupListPageMax, `must be at most ${LIMITS.groupListPageMax.toLocaleString('en-US')}`)
				.default(25),
		},
	},
	pacing: { kind: 'none' },
	run: async (params, _context, send) => {
		const groups: unknown[] = [];
		const limit = params.returnAll ? LIMITS.groupListPageMax : params.limit;
		let after: string | undefined;
		for (;;) {
			const page = (await send({ method: 'GET', path: `${params.phoneNumberId}/groups`, query: { limit, after } })) as GroupsPage;
			groups.push(...(page.data?.groups ?? []));
			if (!params.returnAll) return groups.slice(0, params.limit);
			after = page.paging?.cursors?.after;
			if (!page.paging?.next || !after) return groups;
		}
	},
});

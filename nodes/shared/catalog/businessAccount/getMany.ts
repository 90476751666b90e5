import type { ListParams } from '../../graph/paging';
import { oneOf } from '../support/fields';
import { listParams } from '../support/managementParams';
import { defineOperation } from '../types';
import { businessIdParam } from './support/params';

const FIELDS = 'id,name,currency,timezone_id,message_template_namespace,account_review_status,business_verification_status,ownership_type';

interface GetManyParams extends ListParams {
	businessId: string;
	relation: 'owned' | 'client';
}

export const getManyBusinessAccounts = defineOperation<GetManyParams>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many WhatsApp Business Accounts',
	help: 'Lists the WABAs of a Business portfolio, one item each: those it owns, or its clients\' (shared with it as a partner).',
	params: {
		businessId: businessIdParam,
		relation: {
			label: 'WABAs',
			type: 'options',
			default: 'owned',
			options: [
				{ value: 'owned', label: 'Owned', help: 'WABAs the portfolio owns' },
				{ value: 'client', label: 'Client', help: 'WABAs clients shared with the portfolio as their partner' },
			],
			help: 'Which WABAs of the portfolio to list.',
			schema: oneOf(['owned', 'client'] as const).default('owned'),
		},
		...listParams,
	},
	// A Business portfolio's edge, not one of a WABA's: Meta counts it against no WABA's budget.
	pacing: { kind: 'none' },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.businessId}/${params.relation}_whatsapp_business_accounts`, query: { fields: FIELDS } }),
});

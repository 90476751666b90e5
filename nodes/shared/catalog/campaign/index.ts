import { defineResource } from '../types';
import { getCampaignReport } from './getReport';

export const campaign = defineResource({
	name: 'campaign',
	label: 'Campaign',
	help: 'The report of a campaign: every template send that carried its Campaign Key.',
	notice: 'Statuses are counted by the trigger (n8n) or webhook node (Node-RED) that receives them, in any process sharing the Redis URL; in memory, only in the process that received them.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getCampaignReport],
});

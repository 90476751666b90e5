import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { OpenedAccount } from '../shared/account/open';
import { DEFAULT_IDEMPOTENCY_HOURS, idempotencyOption } from '../shared/scale/idempotency';
import type { SendOnce } from '../shared/scale/sendOnce';
import { readParameter } from './parameters';

const forMessages = { show: { resource: ['message'] } };

/** The Idempotency Key fields of the Message resource: a campaign run again sends only to those not reached. */
export const idempotencyProperties: INodeProperties[] = [
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		placeholder: "={{ 'spring-sale:' + $json.to }}",
		description:
			'Optional, an expression per item such as the campaign and the recipient. A send whose key was accepted before is skipped and outputs its earlier message ID, so a campaign run again sends only to those it has not reached. A send cut off before its answer (a worker killed) is settled from the trigger\'s status webhooks: skipped when they show its message, sent when they show it never arrived, never sent twice. At most 512 characters. Kept in Redis with a Redis URL in the credential (shared by every process), else in this process\'s memory.',
		displayOptions: forMessages,
	},
	{
		displayName: 'Keep Idempotency Keys (Hours)',
		name: 'idempotencyHours',
		type: 'number',
		default: DEFAULT_IDEMPOTENCY_HOURS,
		typeOptions: { minValue: 0.01 },
		description: 'How long an accepted key is remembered: a run with the same key within this time skips the send',
		displayOptions: forMessages,
	},
];

/** The item's Idempotency Key as the core takes it; undefined when the field is empty. @throws ValidationError over 512 characters. */
export function readSendOnce(context: IExecuteFunctions, itemIndex: number, opened: OpenedAccount, onSkipped: () => void): SendOnce | undefined {
	if (readParameter(context, 'resource', itemIndex) !== 'message') return undefined;
	const option = idempotencyOption(readParameter(context, 'idempotencyKey', itemIndex, ''), readParameter(context, 'idempotencyHours', itemIndex, DEFAULT_IDEMPOTENCY_HOURS));
	return option && { option, store: opened.idempotency, onSkipped };
}

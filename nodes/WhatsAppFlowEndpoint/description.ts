import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName:
			"Answer each request with a Respond to WhatsApp Flow node. The endpoint answers health checks and error notifications itself, and refuses a bad signature (432) or a request it cannot decrypt (421). The credential needs the App Secret of the app connected to the Flow and the Flow Endpoint Private Key whose public key is on the sending numbers (Flow > Upload Public Key).",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		default: '',
		placeholder: '1234567890123456',
		description:
			"Optional: activating the workflow sets this node's URL as the Flow's endpoint URI (Meta takes only HTTPS). Changing the endpoint of a published Flow makes it a DRAFT again. Empty: set the endpoint with Flow > Create or Update.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Time Limit (Seconds)',
				name: 'timeLimitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 9 },
				// FLOW_TIME_LIMIT_MS in seconds, as a literal for n8n's linter (test/n8n/flow-endpoint.test.ts keeps them equal).
				default: 9,
				description: 'How long the workflow has to answer; then the endpoint answers 500, so that the WhatsApp client (which gives up after about 10 s) shows an error at once',
			},
		],
	},
];

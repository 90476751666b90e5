import type { INodeProperties } from 'n8n-workflow';

const show = (respondWith: string) => ({ show: { respondWith: [respondWith] } });

export const properties: INodeProperties[] = [
	{
		displayName: "Answers the request that started this run (the WhatsApp Flow Endpoint trigger's), encrypted, with the first input item's values. Later nodes run after the answer went out.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Respond With',
		name: 'respondWith',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Next Screen', value: 'screen', description: 'Show a screen of the Flow with its data' },
			{ name: 'Close the Flow', value: 'close', description: 'End the Flow; the completion (nfm_reply) carries the params' },
			{ name: 'Flow Token No Longer Valid', value: 'tokenNoLongerValid', description: 'Close the Flow with a message (HTTP 427); its button stops working' },
			{ name: 'JSON', value: 'json', description: "Meta's answer object as it is: {\"screen\": …, \"data\": {…}}" },
		],
		default: 'screen',
	},
	{
		displayName: 'Screen',
		name: 'screen',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'APPOINTMENT',
		description: 'The ID of the next screen, as in the Flow JSON',
		displayOptions: show('screen'),
	},
	{
		displayName: 'Screen Data',
		name: 'screenData',
		type: 'json',
		default: '{}',
		description: 'The data the screen shows, as its "data" declares it',
		displayOptions: show('screen'),
	},
	{
		displayName: 'Error Message',
		name: 'errorMessage',
		type: 'string',
		default: '',
		description: 'Optional: a message shown on the screen (a snackbar), e.g. when an input was refused',
		displayOptions: show('screen'),
	},
	{
		displayName: 'Completion Params',
		name: 'params',
		type: 'json',
		default: '{}',
		description: "What the Flow's answer (nfm_reply) carries besides the flow token, which is added from the request",
		displayOptions: show('close'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'This booking link has expired',
		description: 'What the user reads when the Flow closes',
		displayOptions: show('tokenNoLongerValid'),
	},
	{
		displayName: 'Answer',
		name: 'answer',
		type: 'json',
		default: '{\n  "screen": "",\n  "data": {}\n}',
		description: 'The answer object; "screen": "SUCCESS" closes the Flow',
		displayOptions: show('json'),
	},
];

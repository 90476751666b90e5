import type { INodeProperties } from 'n8n-workflow';
import { ACCOUNT_LEVEL_FIELDS, ACCOUNT_LEVEL_HELP } from '../shared/campaign/accountLevel';
import { EVENT_KINDS, STATUS_KINDS, WEBHOOK_FIELDS } from '../shared/webhook';

const label = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const properties: INodeProperties[] = [
	{
		displayName:
			"Activating this workflow subscribes the credential's WhatsApp Business Account to this node's URL (an override callback), so other workflows and other accounts keep their own. The credential needs the App Secret, the Verify Token and the WABA ID.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		// Account-level fields say in the list itself where they arrive.
		options: WEBHOOK_FIELDS.map((field) => ({ name: ACCOUNT_LEVEL_FIELDS.includes(field) ? `${label(field)} (App Callback URL Only)` : label(field), value: field })),
		default: [],
		description: `The webhook fields that start the workflow. None selected: all of them. ${ACCOUNT_LEVEL_HELP}`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deduplication Window (Minutes)',
				name: 'dedupWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				// DEFAULT_DEDUP_WINDOW_MINUTES, as a literal for n8n's linter (test/n8n/trigger.test.ts keeps them equal).
				default: 1440,
				description:
					'An inbound message, a status, a call event or any other update starts at most one run within this window (Meta retries for days and delivers to every subscribed app). 0 turns it off.',
			},
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description: "Whether to download each inbound image, video, audio, document or sticker into the item's binary data (field data)",
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_KINDS.map((kind) => ({ name: label(kind), value: kind })),
				default: [],
				description: "Only these kinds of event start a run, such as message, status, call connect or group participants (the item's kind). None selected: all of them.",
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: '106540352242922, 106540352242923',
				description: 'Only events of these business phone numbers (comma-separated). Events of no number, such as template updates, always pass.',
			},
			{
				displayName: 'Start on Awaited Replies',
				name: 'startOnReplies',
				type: 'boolean',
				default: false,
				description:
					'Whether an answer to a question a Send and Wait for Reply node waits for also starts this workflow. Off: it only resumes the execution that asked.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: STATUS_KINDS.map((status) => ({ name: label(status), value: status })),
				default: [],
				description: 'Only these message statuses start a run. None selected: all of them. Call statuses (ringing, accepted, rejected) are not filtered here: pick or leave out Call Status in Events.',
			},
			{
				displayName: 'Stop Confirmation',
				name: 'stopConfirmation',
				type: 'string',
				// DEFAULT_STOP_CONFIRMATION and DEFAULT_STOP_KEYWORDS_TEXT, as literals for n8n's linter (test/core/campaign-feed.test.ts keeps them equal).
				default: 'You will not receive marketing messages from us any more.',
				description: 'The text reply to a user who sent a stop keyword. Empty: no reply.',
			},
			{
				displayName: 'Stop Keywords',
				name: 'stopKeywords',
				type: 'string',
				default: 'STOP, UNSUBSCRIBE',
				description: 'A user whose whole message is one of these words (comma-separated, any case) is opted out of marketing for this number. Empty: keywords are not read. user_preferences stop events and 131050 failures opt users out in any case.',
			},
		],
	},
];

import { randomBytes } from 'node:crypto';
import { CallsState } from './calls';
import { FlowStore } from './flows/store';
import { GroupStore } from './groups';
import { UploadStore } from './uploads';

export interface PhoneNumber {
	id: string;
	display_phone_number: string;
	verified_name: string;
	quality_rating: string;
	code_verification_status: string;
	platform_type: string;
	throughput: { level: 'STANDARD' | 'HIGH' };
	status: string;
	name_status: string;
	account_mode: string;
	whatsapp_business_manager_messaging_limit: string;
	is_official_business_account: boolean;
	/** Meta's OBA Status reference: NOT_STARTED, PENDING, APPROVED, REJECTED or CANCELLED. */
	official_business_account: { oba_status: string; status_message?: string };
	health_status: { can_send_message: string };
	/** A display name change under review (Meta's "Display names" page); absent until one is requested. */
	new_display_name?: string;
	new_name_status?: string;
}

export interface SentMessage {
	id: string;
	phoneNumberId: string;
	to: string;
	type: string;
	body: Record<string, unknown>;
	at: number;
	/** Its status is `failed` (a scripted failure): analytics count it as sent, not delivered. */
	failed?: boolean;
	/** Sent through the Marketing Messages API (`/marketing_messages`): its Insights count it. */
	marketing?: boolean;
}

/** A read receipt (`status: "read"`), with or without a typing indicator. */
export interface ReadReceipt {
	phoneNumberId: string;
	messageId: string;
	typingIndicator: boolean;
	at: number;
}

/** An uploaded media file (`POST /{phone-number-id}/media`). */
export interface StoredMedia {
	id: string;
	phoneNumberId: string;
	mimeType: string;
	bytes: Buffer;
	sha256: string;
	uploadedAt: number;
}

/** A message template as the Business Management API stores it (Meta's Template management page). */
export interface Template {
	id: string;
	name: string;
	language: string;
	category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
	status: string;
	parameter_format: 'NAMED' | 'POSITIONAL';
	components: Array<Record<string, unknown>>;
	quality_score?: { score: string; date?: number };
	sub_category?: string;
	rejected_reason?: string;
	message_send_ttl_seconds?: number;
	/** When it was created, for paging order and analytics. */
	created_at: number;
}

/** The app's subscription to the WABA (`/{waba-id}/subscribed_apps`), with its optional override. */
export interface Subscription {
	appId: string;
	appName: string;
	overrideCallbackUri?: string;
	verifyToken?: string;
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	/** 0 when no answer was sent (a timeout or reset fault). */
	status: number;
	response: unknown;
	at: number;
	/** The scripted fault that hit this request, if any (emulator/faults.ts). */
	fault?: string;
}

/** What the emulated account holds; everything the tests assert on is here. */
export class EmulatorState {
	wabaId = '102290129340398';
	appId = '1199620111111111';
	/** The Business portfolio that owns the WABA. */
	businessId = '506914307656634';
	/** `marketing_messages_onboarding_status` of the WABA (Meta's Marketing Messages API onboarding page). */
	marketingOnboarding = 'ONBOARDED';
	/** The users assigned to the WABA and their tasks (emulator/routes/businessAccounts.ts). */
	assignedUsers = new Map<string, string[]>();
	phoneNumbers = new Map<string, PhoneNumber>();
	templates = new Map<string, Template>();
	subscriptions: Subscription[] = [];
	/** Template analytics switched on (`POST /{waba-id}?is_enabled_for_insights=true`); it cannot be undone. */
	insightsEnabled = false;
	messages: SentMessage[] = [];
	reads: ReadReceipt[] = [];
	media = new Map<string, StoredMedia>();
	requests: RequestRecord[] = [];
	/** The Groups API (emulator/groups.ts). */
	readonly groups = new GroupStore();
	/** The Calling API (emulator/calls.ts). */
	readonly calls = new CallsState();
	/** The Resumable Upload API (emulator/uploads.ts): sessions and the handles issued. */
	readonly uploads = new UploadStore(randomBytes(16).toString('hex'));
	/** The Flows API and the numbers' business public keys (emulator/flows/store.ts). */
	readonly flows = new FlowStore();

	constructor() {
		this.reset();
	}

	reset() {
		this.messages = [];
		this.reads = [];
		this.media.clear();
		this.requests = [];
		this.phoneNumbers.clear();
		this.addPhoneNumber({ id: '106540352242922', display_phone_number: '15550783881', verified_name: 'Flowpace Demo' });
		this.addPhoneNumber({ id: '106540352242923', display_phone_number: '15550783882', verified_name: 'Flowpace Support' });
		this.templates.clear();
		for (const template of seedTemplates()) this.templates.set(template.id, template);
		this.subscriptions = [];
		this.insightsEnabled = false;
		this.marketingOnboarding = 'ONBOARDED';
		this.assignedUsers = new Map([['100089620928913', ['MANAGE']]]);
		this.groups.reset();
		this.calls.reset();
		this.uploads.reset();
		this.flows.reset();
	}

	addPhoneNumber(fields: Pick<PhoneNumber, 'id' | 'display_phone_number' | 'verified_name'> & Partial<PhoneNumber>) {
		this.phoneNumbers.set(fields.id, {
			quality_rating: 'GREEN',
			code_verification_status: 'VERIFIED',
			platform_type: 'CLOUD_API',
			throughput: { level: 'STANDARD' },
			status: 'CONNECTED',
			name_status: 'APPROVED',
			account_mode: 'LIVE',
			whatsapp_business_manager_messaging_limit: 'TIER_2K',
			is_official_business_account: false,
			official_business_account: { oba_status: 'NOT_STARTED' },
			health_status: { can_send_message: 'AVAILABLE' },
			...fields,
		});
	}

	newMessageId(): string {
		return `wamid.${randomBytes(24).toString('base64url')}`;
	}
}

/** Templates every fresh emulator holds: one per kind of component the nodes fill. */
function seedTemplates(): Template[] {
	const base = { status: 'APPROVED', quality_score: { score: 'GREEN' }, created_at: 0 };
	return [
		{
			...base,
			id: '594425479261596',
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			parameter_format: 'NAMED',
			components: [
				{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
				{
					type: 'BODY',
					text: 'Hi {{first_name}}, order {{order_number}} has shipped.',
					example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_number', example: '860198' }] },
				},
				{ type: 'FOOTER', text: 'Lucky Shrub' },
				{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}', example: ['https://example.com/t/ABC'] }] },
			],
		},
		{
			...base,
			id: '594425479261597',
			name: 'appointment_reminder',
			language: 'en_US',
			category: 'UTILITY',
			parameter_format: 'POSITIONAL',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Reminder for {{1}}', example: { header_text: ['Jane'] } },
				{ type: 'BODY', text: 'Your appointment is on {{1}} at {{2}}.', example: { body_text: [['May 5', '10:00']] } },
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Confirm' }, { type: 'QUICK_REPLY', text: 'Reschedule' }] },
			],
		},
		{
			...base,
			id: '594425479261598',
			name: 'login_code',
			language: 'en_US',
			category: 'AUTHENTICATION',
			parameter_format: 'POSITIONAL',
			components: [
				{ type: 'BODY', add_security_recommendation: true },
				{ type: 'FOOTER', code_expiration_minutes: 10 },
				{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
			],
		},
		{
			...base,
			id: '594425479261599',
			name: 'spring_sale',
			language: 'en_US',
			category: 'MARKETING',
			parameter_format: 'POSITIONAL',
			components: [
				{ type: 'BODY', text: 'Our spring sale starts {{1}}!', example: { body_text: [['tomorrow']] } },
				{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: '25OFF' }] },
			],
		},
		{ ...base, id: '594425479261600', name: 'welcome_pending', language: 'en_US', category: 'MARKETING', parameter_format: 'POSITIONAL', status: 'PENDING', quality_score: { score: 'UNKNOWN' }, components: [{ type: 'BODY', text: 'Welcome!' }] },
	];
}

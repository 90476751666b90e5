import { randomBytes } from 'node:crypto';

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
}

export interface SentMessage {
	id: string;
	phoneNumberId: string;
	to: string;
	type: string;
	body: Record<string, unknown>;
	at: number;
}

export interface RequestRecord {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	status: number;
	response: unknown;
	at: number;
}

/** What the emulated account holds; everything the tests assert on is here. */
export class EmulatorState {
	wabaId = '102290129340398';
	appId = '1199620111111111';
	phoneNumbers = new Map<string, PhoneNumber>();
	messages: SentMessage[] = [];
	requests: RequestRecord[] = [];

	constructor() {
		this.reset();
	}

	reset() {
		this.messages = [];
		this.requests = [];
		this.phoneNumbers.clear();
		this.addPhoneNumber({ id: '106540352242922', display_phone_number: '15550783881', verified_name: 'Flowpace Demo' });
		this.addPhoneNumber({ id: '106540352242923', display_phone_number: '15550783882', verified_name: 'Flowpace Support' });
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
			...fields,
		});
	}

	newMessageId(): string {
		return `wamid.${randomBytes(24).toString('base64url')}`;
	}
}

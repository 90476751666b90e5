import { randomInt } from 'node:crypto';
import { GraphError } from '../graphError';
import type { FlowValidationError } from './validate';

/** A Flow as the emulated Flows API holds it (Meta's "Flows API" and "Lifecycle of a Flow" pages). */
export interface Flow {
	id: string;
	name: string;
	categories: string[];
	status: 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'THROTTLED' | 'BLOCKED';
	validation_errors: FlowValidationError[];
	/** The uploaded Flow JSON as sent (the asset `flow.json`). */
	json?: string;
	json_version?: string;
	data_api_version?: string;
	endpoint_uri?: string;
	application_id?: string;
	created_at: number;
	preview?: { preview_url: string; expires_at: string };
	/** Every request the client simulator made to the endpoint, for the Metrics API. */
	endpointRequests: EndpointRequest[];
}

export interface EndpointRequest {
	at: number;
	/** 0: no HTTP answer (timeout, refused connection). */
	status: number;
	latencyMs: number;
	/** The answer could not be used (not decryptable, not a known screen). */
	unusable?: boolean;
}

/** A business public key on a number, as Meta keeps it after signing it. */
export interface BusinessPublicKey {
	pem: string;
	status: 'VALID' | 'MISMATCH';
}

export const FLOW_CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'];

/** The Flows API's errors (codes 139000 to 139004 as pywa documents them; 100 from Meta's Flows error codes page). */
export const flowError = {
	unknown: (id: string) => new GraphError(100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, undefined, 400, 'GraphMethodException', 33),
	nameTaken: (name: string) => new GraphError(100, 'Invalid parameter', `Flow name "${name}" is not unique in this WhatsApp Business Account.`),
	updateFailed: (why: string) => new GraphError(139001, 'Flow update failed', why),
	publishFailed: (why: string) => new GraphError(139002, 'Publishing Flow failed', why),
	deprecateFailed: (why: string) => new GraphError(139003, 'Deprecating Flow failed', why),
	deleteFailed: (why: string) => new GraphError(139004, 'Deleting Flow failed', why),
};

export class FlowStore {
	readonly flows = new Map<string, Flow>();
	/** The business public key of each phone number (`/{phone-number-id}/whatsapp_business_encryption`). */
	readonly publicKeys = new Map<string, BusinessPublicKey>();

	reset() {
		this.flows.clear();
		this.publicKeys.clear();
	}

	get(id: string): Flow | undefined {
		return this.flows.get(id);
	}

	of(id: string): Flow {
		const flow = this.flows.get(id);
		if (!flow) throw flowError.unknown(id);
		return flow;
	}

	add(fields: Pick<Flow, 'name' | 'categories'> & Partial<Flow>, now: number): Flow {
		const id = `${randomInt(100_000, 1_000_000)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
		const flow: Flow = { status: 'DRAFT', validation_errors: [], created_at: now, endpointRequests: [], ...fields, id };
		this.flows.set(id, flow);
		return flow;
	}
}

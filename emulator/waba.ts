import { GraphError } from './graphError';
import type { EmulatorState } from './state';

/**
 * The WABA's own fields as GET /{waba-id} answers them (Meta's WhatsApp Business Account
 * reference and guides), and the Business portfolio that owns it. Meta's pages give
 * `business_verification_status` both upper and lower case; the emulator answers lower case, as
 * the guide and the SDKs show it.
 */
export function wabaFields(state: EmulatorState): Record<string, unknown> {
	return {
		id: state.wabaId,
		name: 'Flowpace Emulated WABA',
		currency: 'USD',
		timezone_id: '1',
		message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
		account_review_status: 'APPROVED',
		business_verification_status: 'verified',
		country: 'US',
		ownership_type: 'SELF',
		primary_business_location: 'US',
		status: 'ACTIVE',
		health_status: { can_send_message: 'AVAILABLE', entities: [{ entity_type: 'WABA', id: state.wabaId, can_send_message: 'AVAILABLE' }] },
		marketing_messages_onboarding_status: state.marketingOnboarding,
		disable_marketing_messages_on_cloud_api: false,
		whatsapp_business_manager_messaging_limit: 'TIER_2K',
		owner_business_info: { id: state.businessId, name: 'Flowpace Emulated Business' },
	};
}

/** Graph's answer to a field the node does not have. */
export const noSuchField = (name: string) => new GraphError(100, `Tried accessing nonexisting field (${name}) on node type (WhatsAppBusinessAccount)`);

/** Splits `a,b{c,d}` at the commas outside brackets. */
export function topLevel(fields: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of fields) {
		if ('([{'.includes(char)) depth++;
		if (')]}'.includes(char)) depth--;
		if (char === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else current += char;
	}
	if (current.trim()) parts.push(current.trim());
	return parts;
}

/** One field of `object`, with `name{a,b}` narrowed to those sub-fields; an unknown one is refused. */
export function pickField(object: Record<string, unknown>, field: string): [string, unknown] {
	const expanded = /^([a-z_]+)\{(.+)\}$/.exec(field);
	const name = expanded?.[1] ?? field;
	if (!(name in object)) throw noSuchField(name);
	const value = object[name];
	if (!expanded || typeof value !== 'object' || value === null) return [name, value];
	const sub = value as Record<string, unknown>;
	return [name, Object.fromEntries(topLevel(expanded[2]).map((inner) => pickField(sub, inner)))];
}

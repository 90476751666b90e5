import { templateFields, type TemplateField } from '../catalog/message/support/templateValues';
import type { GraphRequest } from '../graph/client';
import { ValidationError } from '../graph/errors';
import { collectPages } from '../graph/paging';
import type { PacingContext } from '../run/context';
import { managementOf, pacedRequest } from '../run/paced';

/**
 * What the editors look up for their forms (n8n's lists and template fields, Node-RED's admin
 * routes), on the paced path: each page counts against the WABA's management budget.
 */

export interface PhoneNumberChoice {
	/** The phone number ID. */
	value: string;
	/** "Verified Name (+15550783881)". */
	label: string;
	verifiedName?: string;
	displayPhoneNumber?: string;
}

export interface TemplateChoice {
	/** name|language, as Send Template takes it. */
	value: string;
	name: string;
	language: string;
	category?: string;
	/** One field per placeholder of the template. */
	fields: TemplateField[];
}

interface Template {
	name: string;
	language: string;
	status?: string;
	category?: string;
	components?: Array<Record<string, unknown>>;
}

/** The WABA's phone numbers. */
export async function phoneNumberChoices(context: PacingContext): Promise<PhoneNumberChoice[]> {
	const numbers = await listEdge<{ id: string; display_phone_number?: string; verified_name?: string }>(context, 'phone_numbers', { fields: 'id,display_phone_number,verified_name,status' });
	return numbers.map((n) => ({
		value: n.id,
		label: `${n.verified_name ?? n.id} (+${(n.display_phone_number ?? '').replace(/^\+/, '')})`,
		verifiedName: n.verified_name,
		displayPhoneNumber: n.display_phone_number,
	}));
}

/** The WABA's approved templates, every page. */
export async function approvedTemplates(context: PacingContext): Promise<TemplateChoice[]> {
	const templates = await listEdge<Template>(context, 'message_templates', { fields: 'name,language,status,category,components', status: 'APPROVED' });
	return templates.filter((t) => (t.status ?? 'APPROVED') === 'APPROVED').map(choiceOf);
}

/** One template by name and language, or undefined when the WABA has none such. */
export async function findTemplate(context: PacingContext, name: string, language: string): Promise<TemplateChoice | undefined> {
	const templates = await listEdge<Template>(context, 'message_templates', { name, fields: 'name,language,category,components' });
	const template = templates.find((t) => t.name === name && t.language === language);
	return template && choiceOf(template);
}

/** The default phone number as the token reads it (the check n8n's credential test makes), on the paced path. */
export function readDefaultNumber(context: PacingContext): Promise<{ display_phone_number?: string; verified_name?: string }> {
	const { phoneNumberId, wabaId } = context.account;
	const request: GraphRequest = { method: 'GET', path: phoneNumberId, query: { fields: 'display_phone_number,verified_name' } };
	// GET /{phone-number-id} counts against the WABA's budget (see catalog/types.ts, Pacing).
	return pacedRequest(context, request, managementOf(wabaId));
}

const choiceOf = (t: Template): TemplateChoice => ({ value: `${t.name}|${t.language}`, name: t.name, language: t.language, category: t.category, fields: templateFields(t as never) });

/** Every record of a WABA list edge, across all cursor pages. */
function listEdge<T>(context: PacingContext, edge: string, query: Record<string, string>): Promise<T[]> {
	const { wabaId } = context.account;
	if (!wabaId) throw new ValidationError('WhatsApp Business Account ID (wabaId)', 'is empty. Set the WhatsApp Business Account ID in the credential to list its phone numbers and templates');
	const send = (page: GraphRequest) => pacedRequest(context, page, managementOf(wabaId));
	return collectPages(send, { method: 'GET', path: `${wabaId}/${edge}`, query }, { returnAll: true, limit: 0 }) as Promise<T[]>;
}

import { z } from 'zod';
import { numericId, text } from '../../../validation/rules';
import { listOf, oneOf } from '../../support/fields';
import type { ParamSpec } from '../../types';
import { flowJsonSchema, type FlowJson } from './flowJson';

/** What the Flow operations share. */

export const FLOW_CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'] as const;

/** The fields Get reads (Meta's Flows API page: the defaults and the optional ones). */
export const FLOW_FIELDS = 'id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,whatsapp_business_account,application,health_status';

export const flowIdParam: ParamSpec<string> = {
	label: 'Flow ID',
	type: 'string',
	required: true,
	help: 'The numeric ID of the Flow (from Create or Get Many).',
	placeholder: '1234567890123456',
	schema: numericId,
};

const categories = listOf(oneOf(FLOW_CATEGORIES)).refine((list) => list.length > 0, { message: 'must name at least one category' });

export const categoriesParam: ParamSpec<string[]> = {
	label: 'Categories',
	type: 'string',
	required: true,
	help: `One or more categories, comma-separated: ${FLOW_CATEGORIES.join(', ')}.`,
	placeholder: 'APPOINTMENT_BOOKING',
	schema: categories,
};

export const newCategoriesParam: ParamSpec<string[] | undefined> = {
	...categoriesParam,
	required: false,
	help: `Optional: new categories, comma-separated (${FLOW_CATEGORIES.join(', ')}). Empty: unchanged.`,
	schema: categories.optional(),
};

export const flowJsonParam: ParamSpec<FlowJson> = {
	label: 'Flow JSON',
	type: 'json',
	required: true,
	help: 'The Flow JSON (version, screens, routing_model, …), checked before upload: its structure here, its components by Meta, whose errors come back by line and path.',
	schema: flowJsonSchema.refine((value): value is FlowJson => value !== undefined, { message: 'is required' }),
};

export const optionalFlowJsonParam: ParamSpec<FlowJson | undefined> = {
	...flowJsonParam,
	required: false,
	help: `Optional: ${flowJsonParam.help.charAt(0).toLowerCase()}${flowJsonParam.help.slice(1)}`,
	schema: flowJsonSchema,
};

/** Meta takes only HTTPS with a valid certificate; http is taken for local tests (the emulator). */
export const endpointUriParam: ParamSpec<string | undefined> = {
	label: 'Endpoint URI',
	type: 'string',
	help: 'Optional: the HTTPS URL of the Flow\'s data-exchange endpoint (a WhatsApp Flow Endpoint trigger or node), for Flow JSON 3.0 and later.',
	placeholder: 'https://n8n.example.com/webhook/…/flow',
	schema: z
		.string()
		.trim()
		.refine((value) => /^https?:\/\/[^\s/]+\S*$/.test(value), { message: 'must be an https URL' })
		.pipe(text(1, 2000))
		.optional(),
};

const flowName = z.string().trim().pipe(text(1, 200));

export const flowNameParam: ParamSpec<string> = {
	label: 'Name',
	type: 'string',
	required: true,
	help: 'The name of the Flow, unique in the WhatsApp Business Account.',
	placeholder: 'Appointment booking',
	schema: flowName,
};

export const newFlowNameParam: ParamSpec<string | undefined> = {
	...flowNameParam,
	required: false,
	help: 'Optional: a new name, unique in the WhatsApp Business Account. Empty: unchanged.',
	schema: flowName.optional(),
};

/**
 * Flows API calls count against the WABA's hourly management budget. Meta's "About the platform"
 * page does not list `/{waba-id}/flows` nor `/{flow-id}`; the Flows API is part of the Business
 * Management API, a Flow belongs to one WABA as a template does, and a template's calls by its ID
 * count: a call counted once too often only waits a little earlier, a call missed can cost an 80007.
 * Calls by Flow ID count under the account's WABA.
 */
export const flowPacing = {
	kind: 'management' as const,
	waba: (params: unknown, account: { wabaId: string }) => (params as { wabaId?: string }).wabaId ?? account.wabaId,
};

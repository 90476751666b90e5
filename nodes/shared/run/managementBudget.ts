import type { GraphRequest, GraphResponse } from '../graph/client';
import { ValidationError } from '../graph/errors';
import { useCaseUsage } from '../graph/usage';
import { REGISTERED_WABA_BUDGET, UNREGISTERED_WABA_BUDGET } from '../pacing/model';
import type { PacingContext } from './context';

/**
 * Statuses of a number that is registered for the Cloud API (Meta's WhatsApp Business Phone
 * Number reference): the WABA then has the 5,000 calls an hour of an active account.
 */
const REGISTERED = new Set(['CONNECTED', 'FLAGGED', 'RESTRICTED', 'RATE_LIMITED']);

/**
 * The credential's Management Budget: undefined for `auto` (the default), else 200 or 5,000.
 * @throws ValidationError for anything else, before any request.
 */
function budgetSetting(context: PacingContext): number | undefined {
	const raw = String(context.account.managementBudget ?? '').trim();
	if (raw === '' || raw.toLowerCase() === 'auto') return undefined;
	const value = Number(raw.replace(/[,_\s]/g, ''));
	if (value === UNREGISTERED_WABA_BUDGET || value === REGISTERED_WABA_BUDGET) return value;
	throw new ValidationError('Management Budget (managementBudget)', `"${raw}" is not a budget Meta gives: use auto, 200 (a WABA without a registered number) or 5000`);
}

/** A budget set in the credential wins over what the phone numbers list says. */
export function setManagementBudget(context: PacingContext, wabaId: string) {
	const budget = budgetSetting(context);
	if (budget !== undefined) context.pacer?.setManagementBudget(wabaId, budget);
}

/**
 * After a management call: X-Business-Use-Case-Usage (keyed by the WABA) slows the next calls
 * before the budget runs out; a page of the WABA's phone numbers says which budget it has (200
 * calls an hour without a registered number, 5,000 with one; Meta's "About the platform" page).
 */
export async function noteManagementResponse(context: PacingContext, wabaId: string, request: GraphRequest, response: GraphResponse<unknown>) {
	const { pacer } = context;
	if (!pacer) return;
	const registered = request.method === 'GET' && request.path === `${wabaId}/phone_numbers` ? registeredNumbers(response.data) : undefined;
	// With a registered number: the pacer's default, the 5,000 of an active WABA.
	if (registered !== undefined && budgetSetting(context) === undefined) pacer.setManagementBudget(wabaId, registered ? undefined : UNREGISTERED_WABA_BUDGET);
	const usage = useCaseUsage(response.headers, wabaId);
	if (usage) await pacer.reportManagementUsage(wabaId, usage);
}

/** Whether a page of phone numbers has a registered one; undefined when it cannot tell (no status, or more pages). */
function registeredNumbers(data: unknown): boolean | undefined {
	const page = data as { data?: Array<{ status?: unknown }>; paging?: { next?: string } } | undefined;
	if (!Array.isArray(page?.data)) return undefined;
	if (page.data.some((number) => REGISTERED.has(String(number.status)))) return true;
	const known = page.data.every((number) => typeof number.status === 'string');
	return known && !page.paging?.next ? false : undefined;
}

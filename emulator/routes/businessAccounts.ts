import { GraphError, invalidParameter } from '../graphError';
import { NEXT_ROUTE, type ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import { pickField, topLevel, wabaFields } from '../waba';
import { page } from './paging';

/**
 * The WABAs of a Business portfolio (`/{business-id}/owned_whatsapp_business_accounts`,
 * `/client_whatsapp_business_accounts`) and the users assigned to a WABA (Meta's Assigned Users
 * Management API: list with `business` required and at most 100 a page, add with tasks, remove).
 */

/** The tasks Meta's Assigned Users and "Manage System Users" pages name. */
const TASKS = ['MANAGE', 'DEVELOP', 'MANAGE_TEMPLATES', 'MANAGE_PHONE', 'VIEW_COST', 'MANAGE_EXTENSIONS', 'VIEW_PHONE_ASSETS', 'MANAGE_PHONE_ASSETS', 'VIEW_TEMPLATES', 'VIEW_INSIGHTS', 'MANAGE_USERS', 'MANAGE_BILLING', 'MESSAGING'];
const MAX_PAGE = 100;

export interface PortfolioUser {
	id: string;
	name: string;
	user_type: 'SYSTEM_USER' | 'BUSINESS_USER';
}

/** The portfolio's users; the first, an admin system user, is assigned to the WABA with MANAGE from the start. */
export const PORTFOLIO_USERS: PortfolioUser[] = [
	{ id: '100089620928913', name: 'Flowpace Admin', user_type: 'SYSTEM_USER' },
	{ id: '100089620928914', name: 'Flowpace Bot', user_type: 'SYSTEM_USER' },
	{ id: '100089620928915', name: 'Jane Ops', user_type: 'BUSINESS_USER' },
];

/** Graph reads a parameter from the query or a JSON body; a list may come as a JSON array in text. */
function input(req: ParsedRequest, name: string): unknown {
	const value = (req.body as Record<string, unknown> | undefined)?.[name] ?? req.query[name];
	if (typeof value === 'string' && value.startsWith('[')) {
		try {
			return JSON.parse(value.replace(/'/g, '"'));
		} catch {
			throw invalidParameter(`Param ${name} must be a JSON array.`);
		}
	}
	return value;
}

export function registerBusinessAccounts(emulator: GraphEmulator) {
	const { state } = emulator;

	emulator.route('GET', /^\/(\d+)\/(owned|client)_whatsapp_business_accounts$/, ([, businessId, relation], req) => {
		if (businessId !== state.businessId) return NEXT_ROUTE;
		const fields = topLevel(req.query.fields ?? 'id,name');
		const own = Object.fromEntries(['id', ...fields].map((field) => pickField(wabaFields(state), field)));
		return page(emulator, req, relation === 'owned' ? [own] : []);
	});

	emulator.route('GET', /^\/(\d+)\/assigned_users$/, ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		const business = req.query.business;
		if (!business) throw invalidParameter('Param business is required.');
		// Meta's reference names the Business portfolio ID; its guide's example passes the WABA ID: both are taken.
		if (business !== state.businessId && business !== state.wabaId) throw invalidParameter(`Param business ${business} is not the business that owns this WhatsApp Business Account.`);
		if (req.query.limit !== undefined && Number(req.query.limit) > MAX_PAGE) throw invalidParameter(`Param limit must be at most ${MAX_PAGE}.`);
		const users = [...state.assignedUsers.entries()].map(([id, tasks]) => {
			const user = PORTFOLIO_USERS.find((u) => u.id === id)!;
			return { ...user, tasks, business: { id: state.businessId, name: 'Flowpace Emulated Business' } };
		});
		const fields = req.query.fields ? topLevel(req.query.fields) : ['id', 'name'];
		return page(emulator, req, users.map((user) => Object.fromEntries(['id', ...fields].map((field) => pickField(user, field)))), MAX_PAGE);
	});

	emulator.route('POST', /^\/(\d+)\/assigned_users$/, ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		const user = userOf(input(req, 'user'));
		const tasks = input(req, 'tasks');
		if (!Array.isArray(tasks) || tasks.length === 0) throw invalidParameter('Param tasks must be a non-empty array of tasks.');
		const unknown = tasks.find((task) => !TASKS.includes(task as string));
		if (unknown !== undefined) throw invalidParameter(`Param tasks[${tasks.indexOf(unknown)}] must be one of {${TASKS.join(', ')}}, got ${String(unknown)}.`);
		state.assignedUsers.set(user.id, [...new Set(tasks as string[])]);
		return { success: true };
	});

	emulator.route('DELETE', /^\/(\d+)\/assigned_users$/, ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		const user = userOf(input(req, 'user'));
		if (!state.assignedUsers.delete(user.id)) throw invalidParameter(`User ${user.id} is not assigned to this WhatsApp Business Account.`);
		return { success: true };
	});
}

function userOf(id: unknown): PortfolioUser {
	if (typeof id !== 'string' || !/^\d+$/.test(id)) throw invalidParameter('Param user must be a user ID.');
	const user = PORTFOLIO_USERS.find((u) => u.id === id);
	if (!user) throw new GraphError(100, 'Invalid parameter', `User ${id} is not a user of the business that owns this WhatsApp Business Account.`);
	return user;
}

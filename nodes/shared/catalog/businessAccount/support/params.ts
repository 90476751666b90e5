import { z } from 'zod';
import { numericId } from '../../../validation/rules';
import { listOf } from '../../support/fields';
import type { ParamSpec } from '../../types';

/** What the WhatsApp Business Account operations share. */

export const businessIdParam: ParamSpec<string> = {
	label: 'Business Portfolio ID',
	type: 'string',
	required: true,
	help: 'The Business portfolio (Business Manager) that owns the WABA: Business Settings > Business info. Not the WABA ID.',
	placeholder: '506914307656634',
	schema: numericId,
};

/**
 * The tasks a user may have on a WABA (Meta's Assigned Users Management API and "Manage System
 * Users" pages): full control (MANAGE), development (DEVELOP), or the granular tasks.
 */
export const TASKS = [
	'MANAGE',
	'DEVELOP',
	'MANAGE_TEMPLATES',
	'MANAGE_PHONE',
	'VIEW_COST',
	'MANAGE_EXTENSIONS',
	'VIEW_PHONE_ASSETS',
	'MANAGE_PHONE_ASSETS',
	'VIEW_TEMPLATES',
	'VIEW_INSIGHTS',
	'MANAGE_USERS',
	'MANAGE_BILLING',
	'MESSAGING',
] as const;

export const tasksSchema = listOf(z.string())
	.transform((tasks) => tasks.map((task) => task.toUpperCase()))
	.superRefine((tasks, ctx) => {
		if (tasks.length === 0) ctx.addIssue({ code: 'custom', message: `must name at least one task: ${TASKS.join(', ')}` });
		const unknown = tasks.filter((task) => !(TASKS as readonly string[]).includes(task));
		if (unknown.length) ctx.addIssue({ code: 'custom', message: `${unknown.map((t) => `"${t}"`).join(', ')} ${unknown.length === 1 ? 'is not a task' : 'are not tasks'}; the tasks are ${TASKS.join(', ')}` });
	});

/** Splits a `fields` list at the commas outside `{…}` and `(…)`: `a,b{c,d}` → `a`, `b{c,d}`. */
export function topLevelFields(fields: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of fields) {
		if ('{(['.includes(char)) depth++;
		if ('})]'.includes(char)) depth--;
		if (char === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else current += char;
	}
	parts.push(current.trim());
	return parts.filter(Boolean);
}

/**
 * A Graph `fields` list: names of lowercase letters, digits and underscores, each optionally
 * expanded (`owner_business_info{name,id}`). Meta refuses an unknown name itself (code 100).
 */
export const fieldsSchema = z
	.string({ invalid_type_error: 'must be a comma-separated list of fields' })
	.transform((value, ctx) => {
		const fields = topLevelFields(value.replace(/\s+/g, ''));
		const bad = fields.find((field) => !/^[a-z][a-z0-9_]*(\{[a-z0-9_,{}]+\})?$/.test(field));
		if (bad !== undefined || fields.length === 0) {
			ctx.addIssue({ code: 'custom', message: bad ? `"${bad}" is not a field name (lowercase letters, digits, _; optionally name{sub,fields})` : 'must name at least one field' });
			return z.NEVER;
		}
		return fields.join(',');
	});

export const userIdParam: ParamSpec<string> = {
	label: 'User ID',
	type: 'string',
	required: true,
	help: 'The system user or business user (Business Settings > Users; system users: GET /{business-id}/system_users).',
	placeholder: '100089620928913',
	schema: numericId,
};


import { ValidationError } from '../../../graph/errors';
import type { ConsentRecord } from '../../../campaign/store';
import { userOf } from '../../../campaign/guard';

export const LIST_FIELD = 'Consent List (list)';

/**
 * The documented list format, the one Export writes: CSV with the header `user,status,source,at`
 * (status `in` or `out`, `at` in ISO 8601), or a JSON array of objects with those keys.
 * Every line is checked before any is written; the first bad one is named.
 */
export function parseConsentList(raw: unknown, now: number): Array<[string, ConsentRecord]> {
	const rows = Array.isArray(raw) ? raw : typeof raw === 'string' && raw.trim().startsWith('[') ? parseJson(raw) : parseCsv(String(raw ?? ''));
	if (rows.length === 0) throw new ValidationError(LIST_FIELD, 'is empty: give CSV with the header user,status,source,at or a JSON array of {user, status, source, at}');
	return rows.map((row, index) => entryOf(row, index + 1, now));
}

function parseJson(raw: string): unknown[] {
	try {
		return JSON.parse(raw) as unknown[];
	} catch {
		throw new ValidationError(LIST_FIELD, 'is not valid JSON');
	}
}

function parseCsv(raw: string): Array<Record<string, string>> {
	const lines = raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
	if (lines.length === 0) return [];
	const header = lines[0].split(',').map((name) => name.trim().toLowerCase());
	if (header[0] !== 'user' || header[1] !== 'status')
		throw new ValidationError(LIST_FIELD, `the first line must be the header user,status,source,at, got "${lines[0].slice(0, 60)}"`);
	return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i] ?? `extra${i}`, cell.trim()])));
}

function entryOf(row: unknown, line: number, now: number): [string, ConsentRecord] {
	const fail = (problem: string) => new ValidationError(LIST_FIELD, `entry ${line}: ${problem}; nothing was imported`);
	if (typeof row !== 'object' || row === null) throw fail('is not an object with user and status');
	const { user, status, source, at } = row as Record<string, unknown>;
	const digits = userOf(user);
	if (digits.length < 7 || digits.length > 15) throw fail(`user "${String(user ?? '')}" is not a phone number in international format`);
	if (status !== 'in' && status !== 'out') throw fail(`status must be in or out, got "${String(status ?? '')}"`);
	const time = at === undefined || at === '' ? now : Date.parse(String(at));
	if (Number.isNaN(time)) throw fail(`at "${String(at)}" is not an ISO 8601 time`);
	return [digits, { status, source: String(source || 'import'), at: time }];
}

/** The list in the documented CSV format. */
export function consentCsv(records: Record<string, ConsentRecord>): string {
	const lines = Object.entries(records).map(([user, r]) => [user, r.status, r.source.replace(/[,\r\n]/g, ' '), new Date(r.at).toISOString()].join(','));
	return ['user,status,source,at', ...lines].join('\n');
}

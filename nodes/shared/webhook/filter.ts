import type { WebhookEvent } from './event';

/** Which events start a run; an empty list keeps everything. */
export interface EventFilter {
	/** Webhook fields to keep (empty: all). */
	fields?: readonly string[];
	/** Event kinds to keep (EVENT_KINDS; empty: all). */
	events?: readonly string[];
	/** Message statuses to keep among `status` events (empty: all). Call statuses are filtered by `events` only. */
	statuses?: readonly string[];
	/** Business phone number ids to keep (empty: all). Events of no number (templates, account) pass. */
	phoneNumberIds?: readonly string[];
}

/** Whether an event passes the filter. */
export function matchesFilter(event: WebhookEvent, filter: EventFilter): boolean {
	const { fields = [], events = [], statuses = [], phoneNumberIds = [] } = filter;
	if (fields.length && !fields.includes(event.field)) return false;
	if (events.length && !events.includes(event.kind)) return false;
	if (statuses.length && event.kind === 'status' && !statuses.includes(event.status ?? '')) return false;
	if (phoneNumberIds.length && event.phoneNumberId && !phoneNumberIds.includes(event.phoneNumberId)) return false;
	return true;
}

/** A filter setting as a host holds it: a multi-select's list, or comma-separated text. */
export type FilterSetting = string | readonly string[] | undefined;

/** A comma-separated list (or a list), trimmed and without empty entries. */
export function commaList(value: FilterSetting): string[] {
	const items = typeof value === 'string' ? value.split(',') : [...(value ?? [])];
	return items.map((item) => item.trim()).filter(Boolean);
}

/** The filter from the node's settings, in either host's form. */
export function eventFilter(settings: Partial<Record<keyof EventFilter, FilterSetting>>): EventFilter {
	return {
		fields: commaList(settings.fields),
		events: commaList(settings.events),
		statuses: commaList(settings.statuses),
		phoneNumberIds: commaList(settings.phoneNumberIds),
	};
}

import { describe, expect, it } from 'vitest';
import { commaList, DEFAULT_DEDUP_WINDOW_MS, dedupWindowMs, eventFilter } from '../../nodes/shared/webhook';

describe('the webhook nodes\' settings, read once for both hosts', () => {
	it('reads n8n\'s lists and Node-RED\'s comma-separated text as the same filter', () => {
		const n8n = eventFilter({ fields: ['messages', 'calls'], events: [], statuses: ['read'], phoneNumberIds: ' 106540352242922, 106540352242923 ,' });
		const nodeRed = eventFilter({ fields: 'messages, calls', events: '', statuses: 'read', phoneNumberIds: '106540352242922,106540352242923' });
		expect(nodeRed).toEqual(n8n);
		expect(n8n).toEqual({ fields: ['messages', 'calls'], events: [], statuses: ['read'], phoneNumberIds: ['106540352242922', '106540352242923'] });
		// A flow saved before a filter existed has none: everything passes.
		expect(eventFilter({})).toEqual({ fields: [], events: [], statuses: [], phoneNumberIds: [] });
		expect(commaList(undefined)).toEqual([]);
	});

	it('reads the deduplication window in minutes: empty is a day, 0 or less is off', () => {
		expect(dedupWindowMs(undefined)).toBe(DEFAULT_DEDUP_WINDOW_MS);
		expect(dedupWindowMs('')).toBe(24 * 60 * 60_000);
		expect(dedupWindowMs('30')).toBe(30 * 60_000);
		expect(dedupWindowMs(0)).toBe(0);
		expect(dedupWindowMs(-5)).toBe(0);
		expect(dedupWindowMs('soon')).toBe(DEFAULT_DEDUP_WINDOW_MS);
	});
});

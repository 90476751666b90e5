import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { TO, TOKEN, failure, runner } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const x = (n: number) => 'x'.repeat(n);
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
const list = { body: 'Pick', buttonText: 'Open' };
const wamid = 'wamid.HBgLMTY1MDU1NTEyMzQ';

/** [operation, values, the field the error names, the problem and limit it states]. */
const invalid: Array<[string, Record<string, unknown>, string, string]> = [
	['sendImage', { mediaLink: 'https://e.com/a.jpg', caption: x(1025) }, 'Caption (caption)', 'at most 1,024 characters, got 1,025'],
	['sendImage', { mediaLink: 'e.com/a.jpg' }, 'Media Link (mediaLink)', 'http:// or https:// URL'],
	['sendImage', {}, 'Media Link (mediaLink)', 'is required'],
	['sendVideo', { mediaSource: 'id', mediaId: 'abc' }, 'Media ID (mediaId)', 'numeric ID'],
	['sendDocument', { mediaSource: 'ftp' }, 'Media Source (mediaSource)', 'must be link, id or file'],
	['sendLocation', { latitude: 91, longitude: 0 }, 'Latitude (latitude)', 'between -90 and 90'],
	['sendLocation', { latitude: 0, longitude: -180.5 }, 'Longitude (longitude)', 'between -180 and 180'],
	['sendContacts', { contacts: '[]' }, 'Contacts (JSON) (contacts)', 'at least 1 contacts, got 0'],
	['sendContacts', { contacts: Array.from({ length: 258 }, () => ({ name: { formatted_name: 'A' } })) }, 'Contacts (JSON) (contacts)', 'at most 257 contacts, got 258'],
	['sendContacts', { contacts: '[{"phones": []}]' }, 'Contacts (JSON) (contacts) (0.name)', 'needs name.formatted_name'],
	['sendContacts', { contacts: '[{' }, 'Contacts (JSON) (contacts)', 'is not valid JSON'],
	['sendReaction', { messageId: wamid, emoji: 'ok' }, 'Emoji (emoji)', 'exactly one emoji'],
	['sendReaction', { messageId: 'm1', emoji: '👍' }, 'Message ID (messageId)', 'wamid'],
	['sendButtons', { body: 'Q', buttons: ['A', 'B', 'C', 'D'] }, 'Buttons (JSON) (buttons)', 'at most 3 buttons, got 4'],
	['sendButtons', { body: 'Q', buttons: [x(21)] }, 'Buttons (JSON) (buttons) (0.title)', 'at most 20 characters, got 21'],
	['sendButtons', { body: 'Q', buttons: [{ id: 'a', title: 'Yes' }, { id: 'b', title: 'Yes' }] }, '(buttons) (1)', 'the button title "Yes" appears twice'],
	['sendButtons', { body: x(1025), buttons: ['A'] }, 'Body (body)', 'at most 1,024 characters, got 1,025'],
	['sendButtons', { body: 'Q', footer: x(61), buttons: ['A'] }, 'Footer (footer)', 'at most 60 characters, got 61'],
	['sendButtons', { body: 'Q', headerType: 'text', headerText: x(61), buttons: ['A'] }, 'Header Text (headerText)', 'at most 60 characters, got 61'],
	['sendButtons', { body: 'Q', headerType: 'image', buttons: ['A'] }, 'Header Media (headerMedia)', 'is required'],
	['sendList', { ...list, sections: rows(11) }, 'Sections (JSON) (sections) (0.rows)', 'at most 10 rows, got 11'],
	['sendList', { ...list, sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'R' }] })) }, '(sections)', 'at most 10 sections, got 11'],
	['sendList', { ...list, sections: [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5).map((r) => ({ ...r, id: `b${r.id}` })) }] }, '(sections)', 'at most 10 rows in all sections together, got 11'],
	['sendList', { ...list, sections: [{ rows: rows(1) }, { title: 'B', rows: [{ id: 'b', title: 'B' }] }] }, '(sections) (0.title)', 'needs a title when there is more than one section'],
	['sendList', { ...list, sections: [{ id: 'a', title: x(25) }] }, '(sections) (0.rows.0.title)', 'at most 24 characters, got 25'],
	['sendList', { ...list, sections: [{ id: 'a', title: 'A', description: x(73) }] }, '(0.rows.0.description)', 'at most 72 characters, got 73'],
	['sendList', { ...list, sections: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] }, '(sections)', 'the row id "a" appears twice'],
	['sendList', { body: 'Pick', buttonText: x(21), sections: rows(1) }, 'Button Text (buttonText)', 'at most 20 characters, got 21'],
	['sendCtaUrl', { body: 'B', displayText: x(21), url: 'https://e.com' }, 'Button Text (displayText)', 'at most 20 characters, got 21'],
	['sendCtaUrl', { body: 'B', displayText: 'Go', url: 'javascript:alert(1)' }, 'Button URL (url)', 'http:// or https:// URL'],
	['sendFlow', { body: 'B', flowId: '1', flowCta: x(31) }, 'Button Text (flowCta)', 'at most 30 characters, got 31'],
	['sendFlow', { body: 'B', flowId: '1', flowCta: 'Go 🚀' }, 'Button Text (flowCta)', 'must not contain emoji'],
	['sendFlow', { body: 'B', flowCta: 'Go' }, 'Flow ID (flowId)', 'either a Flow ID or a Flow Name'],
	['sendProductList', { headerText: 'H', body: 'B', catalogId: 'c', sections: [{ title: 'A', product_items: Array.from({ length: 31 }, (_, i) => `S${i}`) }] }, '(sections) (0.product_items)', 'at most 30 products, got 31'],
	['sendProductList', { body: 'B', catalogId: 'c', sections: [{ product_items: ['S'] }] }, 'Header Text (headerText)', 'is required'],
	['sendText', { body: 'hi', trackingData: x(513) }, 'Tracking Data (trackingData)', 'at most 512 characters, got 513'],
	['sendText', { body: 'hi', replyTo: 'nope' }, 'Reply To Message ID (replyTo)', 'wamid'],
	['sendTemplate', { template: 'Order Update' }, 'Template (template)', 'lowercase letters'],
	['sendTemplate', { template: 'order_update', language: 'English' }, 'Language (language)', 'such as en_US'],
	['markRead', { messageId: 'x' }, 'Message ID (messageId)', 'wamid'],
];

describe('every limit, refused before any request with the field, the problem and the limit', () => {
	it.each(invalid)('%s %j', async (operation, values, field, problem) => {
		const error = await failure(run('message', operation, { to: TO, ...values }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(field);
		expect(error.message).toContain(problem);
		expect(emulator.state.requests).toHaveLength(0);
	});

	it('the same kinds at their limit are accepted by the emulator', async () => {
		await run('message', 'sendImage', { to: TO, mediaLink: 'https://e.com/a.jpg', caption: x(1024) });
		await run('message', 'sendButtons', { to: TO, body: x(1024), footer: x(60), headerType: 'text', headerText: x(60), buttons: [x(20), 'B', 'C'] });
		await run('message', 'sendList', { to: TO, body: 'B', buttonText: x(20), sections: [{ title: x(24), rows: rows(9) }, { title: 'T', rows: [{ id: x(200), title: x(24), description: x(72) }] }] });
		await run('message', 'sendCtaUrl', { to: TO, body: 'B', displayText: x(20), url: 'https://e.com' });
		await run('message', 'sendFlow', { to: TO, body: 'B', flowName: 'booking', flowCta: x(30), flowAction: 'data_exchange' });
		await run('message', 'sendLocation', { to: TO, latitude: -90, longitude: 180 });
		await run('message', 'sendText', { to: TO, body: 'hi', trackingData: x(512) });
		expect(emulator.state.messages).toHaveLength(7);
	});
});

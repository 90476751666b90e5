import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, TOKEN, useEmulator } from './testClient';

const env = useEmulator();

/** Uploads as pywa does: multipart fields messaging_product, type and file. */
async function upload(bytes: Buffer, mime: string | undefined, fields: Record<string, string> = { messaging_product: 'whatsapp' }, token = TOKEN) {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	if (mime !== undefined) form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), 'upload.bin');
	const response = await fetch(`${env.emulator.url}/v24.0/${PHONE_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
	return { status: response.status, body: (await response.json()) as any };
}

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a small jpeg')]);

describe('emulator: media upload', () => {
	it.each([
		['image/jpeg', 5_000_000],
		['image/png', 10],
		['video/mp4', 16_000_000],
		['video/3gpp', 10],
		['audio/ogg', 10],
		['audio/mpeg', 16_000_000],
		['application/pdf', 10],
		['text/plain', 10],
		['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 10],
		['image/webp', 100_000],
	])('accepts %s of %i bytes and answers {id}', async (mime, size) => {
		const { status, body } = await upload(Buffer.alloc(size, 1), mime);
		expect(body).toEqual({ id: expect.stringMatching(/^\d+$/) });
		expect(status).toBe(200);
		expect(env.emulator.state.media.get(body.id)).toMatchObject({ mimeType: mime, phoneNumberId: PHONE_ID });
	});

	it('accepts an animated sticker up to 500 KB and the type field alone, as the Media guide shows', async () => {
		const animated = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8X\0\0\0\0ANIM'), Buffer.alloc(499_000)]);
		const { status } = await upload(animated, 'application/octet-stream', { messaging_product: 'whatsapp', type: 'image/webp' });
		expect(status).toBe(200);
	});

	it.each([
		['an image over 5 MB', Buffer.alloc(5_000_001), 'image/jpeg', 131053, '5000000 bytes'],
		['a video over 16 MB', Buffer.alloc(16_000_001), 'video/mp4', 131053, '16000000 bytes'],
		['a static sticker over 100 KB', Buffer.alloc(100_001), 'image/webp', 131053, 'static sticker'],
		['a GIF', jpeg, 'image/gif', 131053, "Received file of type 'image/gif'"],
		['an empty file', Buffer.alloc(0), 'image/png', 131053, 'must not be empty'],
	])('refuses %s with %i', async (_name, bytes, mime, code, details) => {
		const { status, body } = await upload(bytes, mime);
		expect(body.error).toMatchObject({ code, message: `(#${code}) Media upload error` });
		expect(body.error.error_data.details).toContain(details);
		expect(status).toBe(400);
		expect(env.emulator.state.media.size).toBe(0);
	});

	it.each([
		['no messaging_product', {}, 'image/jpeg', 'messaging_product'],
		['another messaging_product', { messaging_product: 'sms' }, 'image/jpeg', 'messaging_product'],
		['no file', { messaging_product: 'whatsapp' }, undefined, 'file'],
		['a type that contradicts the file', { messaging_product: 'whatsapp', type: 'image/png' }, 'image/jpeg', 'does not match'],
	])('refuses %s with code 100', async (_name, fields, mime, mentions) => {
		const { status, body } = await upload(jpeg, mime, fields as Record<string, string>);
		expect([status, body.error.code]).toEqual([400, 100]);
		expect(JSON.stringify(body.error)).toContain(mentions);
		expect(env.emulator.state.media.size).toBe(0);
	});

	it('refuses a JSON body and a wrong token', async () => {
		const json = await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/media`, { messaging_product: 'whatsapp' });
		expect([json.status, json.body.error.code]).toEqual([400, 100]);
		const unauthorized = await upload(jpeg, 'image/jpeg', undefined, 'wrong');
		expect([unauthorized.status, unauthorized.body.error.code]).toEqual([401, 190]);
		expect(env.emulator.state.media.size).toBe(0);
	});
});

describe('emulator: media URL, download and delete', () => {
	it('describes the media as Meta does and serves the bytes with the same token', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const { status, body } = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		expect(status).toBe(200);
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/whatsapp_business\/attachments\/\?mid=/),
			mime_type: 'image/jpeg',
			sha256: createHash('sha256').update(jpeg).digest('hex'),
			file_size: jpeg.length,
			id: uploaded.id,
		});
		const download = await fetch(body.url, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('image/jpeg');
		expect(Buffer.from(await download.arrayBuffer())).toEqual(jpeg);
		expect(env.emulator.state.requests.at(-1)).toMatchObject({ status: 200, response: { contentType: 'image/jpeg', bytes: jpeg.length } });
	});

	it('refuses a download without the token or with another', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const { body } = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		expect((await fetch(body.url)).status).toBe(401);
		expect((await fetch(body.url, { headers: { authorization: 'Bearer other' } })).status).toBe(401);
	});

	it('lets the URL expire after 5 minutes of the emulator clock; a fresh GET gives a working URL', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const { body } = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
		env.emulator.advanceClock(5 * 60_000 - 1_000);
		expect((await fetch(body.url, auth)).status).toBe(200);
		env.emulator.clock.advance(2_000);
		expect((await fetch(body.url, auth)).status).toBe(404);
		const fresh = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		expect((await fetch(fresh.body.url, auth)).status).toBe(200);
	});

	it('refuses a forged URL', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const { body } = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		const forged = body.url.replace(/ext=\d+/, `ext=${Date.now() + 3_600_000}`);
		expect((await fetch(forged, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
	});

	it('deletes media; then GET, download and a second delete find nothing', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const { body: described } = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		const deleted = await call(env.emulator, 'DELETE', `/v24.0/${uploaded.id}`);
		expect(deleted).toMatchObject({ status: 200, body: { success: true } });
		const again = await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`);
		expect(again.body.error).toMatchObject({ code: 100, error_subcode: 33 });
		expect((await fetch(described.url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
		expect((await call(env.emulator, 'DELETE', `/v24.0/${uploaded.id}`)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it('restricts GET and DELETE to the uploading number with phone_number_id', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		expect((await call(env.emulator, 'GET', `/v24.0/${uploaded.id}?phone_number_id=${PHONE_ID}`)).status).toBe(200);
		const other = await call(env.emulator, 'DELETE', `/v24.0/${uploaded.id}?phone_number_id=106540352242923`);
		expect(other.body.error).toMatchObject({ code: 100, error_subcode: 33 });
		expect(env.emulator.state.media.has(uploaded.id)).toBe(true);
	});

	it('forgets uploads after 30 days', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		env.emulator.clock.advance(30 * 24 * 3_600_000 + 1);
		expect((await call(env.emulator, 'GET', `/v24.0/${uploaded.id}`)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it('lets a message use the uploaded media id', async () => {
		const { body: uploaded } = await upload(jpeg, 'image/jpeg');
		const sent = await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: '+16505551234', type: 'image', image: { id: uploaded.id } });
		expect(sent.status).toBe(200);
	});
});

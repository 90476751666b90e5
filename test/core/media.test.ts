import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileResult, sniffMimeType } from '../../nodes/shared/catalog/support/files';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { PHONE_NUMBER_ID, TO, TOKEN, failure, jpeg, runner, webp } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const pdf = new TextEncoder().encode('%PDF-1.4 invoice 4711');

describe('Media: upload, get URL, download, delete', () => {
	it('uploads a file from the flow and gets it back byte for byte, with its type and a file name', async () => {
		const uploaded = (await run('media', 'upload', { fileProperty: 'doc' }, { doc: { data: pdf, mimeType: 'application/pdf', fileName: 'invoice.pdf' } })) as { id: string; kind: string };
		expect(uploaded).toMatchObject({ id: expect.stringMatching(/^\d+$/), kind: 'document', mimeType: 'application/pdf', fileSize: pdf.length, fileName: 'invoice.pdf' });
		expect(emulator.state.requests[0].path).toBe(`/v24.0/${PHONE_NUMBER_ID}/media`);

		const info = (await run('media', 'getUrl', { mediaId: uploaded.id })) as { url: string; mime_type: string; file_size: number };
		expect(info).toMatchObject({ mime_type: 'application/pdf', file_size: pdf.length, id: uploaded.id });

		const result = await run('media', 'download', { mediaId: uploaded.id, outputProperty: 'file' });
		expect(result).toBeInstanceOf(FileResult);
		const { json, file } = result as FileResult;
		expect(Buffer.from(file.data).toString()).toBe('%PDF-1.4 invoice 4711');
		expect(file).toMatchObject({ mimeType: 'application/pdf', fileName: `${uploaded.id}.pdf` });
		expect(json).toMatchObject({ mediaId: uploaded.id, fileSize: pdf.length, mimeType: 'application/pdf' });
		// The file came from the URL Graph gave, with the same token.
		expect(emulator.state.requests.at(-1)!.path).toContain('/whatsapp_business/attachments/');

		await expect(run('media', 'delete', { mediaId: uploaded.id })).resolves.toEqual({ mediaId: uploaded.id, success: true });
		const gone = await failure(run('media', 'getUrl', { mediaId: uploaded.id }));
		expect(gone).toBeInstanceOf(GraphApiError);
	});

	it.each([
		['a GIF as an image', 'sendImage', { data: jpeg(10), mimeType: 'image/gif' }, 'the file\'s type image/gif is not accepted for image; allowed: image/jpeg, image/png'],
		['an image over 5 MB', 'sendImage', { data: jpeg(5_000_001), mimeType: 'image/jpeg' }, 'the file has 5,000,001 bytes; image files may have at most 5,000,000 bytes'],
		['a static sticker over 100 KB', 'sendSticker', { data: webp(100_001), mimeType: 'image/webp' }, 'static sticker files may have at most 100,000 bytes'],
		['an empty file', 'sendDocument', { data: new Uint8Array(), mimeType: 'application/pdf' }, 'the file is empty'],
	])('refuses %s before uploading', async (_what, operation, file, problem) => {
		const error = await failure(run('message', operation, { to: TO, mediaSource: 'file', fileProperty: 'data' }, { data: file }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain('Input Binary Field (fileProperty)');
		expect(error.message).toContain(problem);
		expect(emulator.state.requests).toHaveLength(0);
	});

	it('accepts an animated sticker up to 500 KB and sends it by id', async () => {
		await run('message', 'sendSticker', { to: TO, mediaSource: 'file', fileProperty: 's' }, { s: { data: webp(400_000, true), mimeType: 'image/webp' } });
		expect(emulator.state.messages[0].body.sticker).toEqual({ id: expect.stringMatching(/^\d+$/) });
	});

	it('a media id that does not exist is a Graph error, not a crash', async () => {
		const error = await failure(run('media', 'download', { mediaId: '999999999999' }));
		expect(error).toBeInstanceOf(GraphApiError);
	});

	it('recognises file types from their first bytes (Node-RED Buffers have none)', () => {
		expect(sniffMimeType(jpeg())).toBe('image/jpeg');
		expect(sniffMimeType(webp())).toBe('image/webp');
		expect(sniffMimeType(pdf)).toBe('application/pdf');
		expect(sniffMimeType(new TextEncoder().encode('hello'))).toBeUndefined();
	});
});

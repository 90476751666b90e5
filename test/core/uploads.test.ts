import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { filesOf, jpeg, pdf } from './files.helpers';
import { accountFor, failure, graphCalls, useManage } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const APP_ID = '1199620111111111';

describe('upload: the Resumable Upload API', () => {
	it('uploads a file from the flow: a session on the app, the bytes from offset 0, a handle that says when it expires', async () => {
		const file = jpeg(4000);
		const files = filesOf({ photo: { data: file, mimeType: 'image/jpeg', fileName: 'sample.jpg' } });
		const result = await run('upload', 'create', { use: 'IMAGE', source: 'file', fileProperty: 'photo' }, { files });
		expect(result).toEqual({
			handle: expect.stringMatching(/^4::/),
			sessionId: expect.stringMatching(/^upload:\S+\?sig=\S+$/),
			mimeType: 'image/jpeg',
			fileLength: 4000,
			fileName: 'sample.jpg',
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			resumed: 0,
		});
		const [open, bytes] = graphCalls(emulator());
		expect(open).toMatchObject({ method: 'POST', path: `/v24.0/${APP_ID}/uploads`, query: { file_name: 'sample.jpg', file_length: '4000', file_type: 'image/jpeg' } });
		expect(bytes).toMatchObject({ method: 'POST', query: { sig: expect.any(String) }, headers: { file_offset: '0', 'content-type': 'image/jpeg' } });
		expect(emulator().state.uploads.handles.get(result.handle)?.bytes.equals(Buffer.from(file))).toBe(true);
	});

	it('resumes an interrupted upload from the offset Meta has, sending only the rest', async () => {
		await fetch(`${emulator().url}/__emulator/uploads/interrupt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ afterBytes: 1500 }) });
		const file = jpeg(5000);
		const result = await run('upload', 'create', { source: 'file' }, { files: filesOf({ data: { data: file, mimeType: 'image/jpeg' } }) });
		expect(result.resumed).toBe(1);
		const calls = graphCalls(emulator()).map((r) => `${r.method} ${r.path.replace(/upload:\S+/, 'upload:…')} ${r.headers.file_offset ?? ''}`.trim());
		expect(calls).toEqual([`POST /v24.0/${APP_ID}/uploads`, 'POST /v24.0/upload:… 0', 'GET /v24.0/upload:…', 'POST /v24.0/upload:… 1500']);
		expect(Number(graphCalls(emulator())[3].headers['content-length'])).toBe(3500);
		expect(emulator().state.uploads.handles.get(result.handle)?.bytes.equals(Buffer.from(file))).toBe(true);
	});

	it('fetches a file from a URL without the account, and checks it like a file from the flow', async () => {
		const url = 'https://cdn.example.com/samples/brochure.pdf';
		const files = filesOf({}, { [url]: { contentType: 'application/pdf', body: pdf() } });
		const result = await run('upload', 'create', { use: 'DOCUMENT', source: 'url', fileUrl: url }, { files });
		expect(files.fetched).toEqual([url]);
		expect(result).toMatchObject({ mimeType: 'application/pdf', fileName: 'brochure.pdf', fileLength: 2000 });
		expect(emulator().state.uploads.handles.get(result.handle)?.mimeType).toBe('application/pdf');
	});

	it('starts a session, reads its offset, and uploads into it', async () => {
		const file = jpeg(2500);
		const { sessionId } = await run('upload', 'createSession', { fileName: 'hero.jpg', fileLength: 2500, fileType: 'image/jpeg' });
		expect(sessionId).toMatch(/^upload:/);
		expect(await run('upload', 'getSession', { sessionId })).toEqual({ sessionId, fileOffset: 0 });
		const result = await run('upload', 'uploadToSession', { sessionId, source: 'file' }, { files: filesOf({ data: { data: file, mimeType: 'image/jpeg' } }) });
		expect(result).toMatchObject({ handle: expect.stringMatching(/^4::/), sessionId, fileLength: 2500, resumed: 0 });
	});

	it.each([
		['a PDF for an image header', { use: 'IMAGE' }, { data: pdf(), mimeType: 'application/pdf' }, 'Invalid Input Binary Field (fileProperty): the file\'s type application/pdf is not accepted for an image header; allowed: image/jpeg, image/png'],
		['a GIF for an image header', { use: 'IMAGE' }, { data: jpeg(), mimeType: 'image/gif' }, 'is not accepted for an image header'],
		['an image over 5 MB', { use: 'IMAGE' }, { data: jpeg(5_000_001), mimeType: 'image/jpeg' }, 'the file has 5,000,001 bytes; an image header may have at most 5,000,000 bytes'],
		['a JPEG for a video header', { use: 'VIDEO' }, { data: jpeg(), mimeType: 'image/jpeg' }, 'allowed: video/mp4'],
	])('refuses %s before any request', async (_what, values, file, message) => {
		const error = await failure(run('upload', 'create', { source: 'file', ...values }, { files: filesOf({ data: file }) }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('refuses a URL that does not answer a file, and a session ID that is not one, before any request', async () => {
		const missing = await failure(run('upload', 'create', { source: 'url', fileUrl: 'https://cdn.example.com/gone.jpg' }, { files: filesOf({}) }));
		expect(missing.message).toBe('Invalid File URL (fileUrl): https://cdn.example.com/gone.jpg could not be fetched: HTTP 404');
		const session = await failure(run('upload', 'getSession', { sessionId: '12345' }));
		expect(session.message).toBe('Invalid Session ID (sessionId): must be an upload session ID (upload:…)');
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('needs the App ID: empty in the credential, the error says where to set it', async () => {
		const account = { ...accountFor(emulator()), appId: '' };
		const error = await failure(run('upload', 'create', {}, { account, files: filesOf({ data: { data: jpeg(), mimeType: 'image/jpeg' } }) }));
		expect(error.message).toBe('Invalid App ID (appId): is required (or set it in the credential)');
	});
});

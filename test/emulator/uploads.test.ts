import { describe, expect, it } from 'vitest';
import { TOKEN, useEmulator } from './testClient';

const env = useEmulator();
const APP = '1199620111111111';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 996 }, (_, i) => i % 251)]);

/** A raw request as the Resumable Upload API takes it: `OAuth` scheme, headers of its own, bytes. */
async function raw(method: string, path: string, init: { headers?: Record<string, string>; body?: Buffer; scheme?: string } = {}) {
	const response = await fetch(`${env.emulator.url}/v24.0/${path}`, {
		method,
		headers: { authorization: `${init.scheme ?? 'OAuth'} ${TOKEN}`, ...init.headers },
		body: init.body ? new Uint8Array(init.body) : undefined,
	});
	return { status: response.status, body: (await response.json()) as any };
}

const open = async (length = JPEG.length, type = 'image/jpeg') => (await raw('POST', `${APP}/uploads?file_name=a.jpg&file_length=${length}&file_type=${type}`)).body.id as string;

describe('emulator: Resumable Upload API', () => {
	it('opens a session on the app, takes the bytes at file_offset 0 and answers a handle with its expiry', async () => {
		const session = await open();
		expect(session).toMatch(/^upload:[\w-]+\?sig=[\w-]+$/);
		const { status, body } = await raw('POST', session, { headers: { file_offset: '0' }, body: JPEG });
		expect(status).toBe(200);
		expect(body.h).toMatch(/^4::aW1hZ2UvanBlZw==:[\w-]+:e:\d{10}:1199620111111111:[\w-]+$/);
		const expiry = Number(/:e:(\d+):/.exec(body.h)![1]) * 1000;
		expect(expiry).toBeGreaterThan(env.emulator.clock.now() + 29 * 86_400_000);
	});

	it('takes a file in chunks: GET says the offset, a POST from another offset is refused', async () => {
		const session = await open();
		expect((await raw('POST', session, { headers: { file_offset: '0' }, body: JPEG.subarray(0, 400) })).body).toEqual({ id: session.split('?')[0], file_offset: 400 });
		expect((await raw('GET', session)).body).toEqual({ id: session.split('?')[0], file_offset: 400 });
		const wrong = await raw('POST', session, { headers: { file_offset: '0' }, body: JPEG.subarray(400) });
		expect(wrong.body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining('file_offset 0 does not match the 400 bytes received') } });
		expect((await raw('POST', session, { headers: { file_offset: '400' }, body: JPEG.subarray(400) })).body.h).toMatch(/^4::/);
	});

	it('drops the connection mid-way when told to, keeping what arrived, so that the upload resumes', async () => {
		const session = await open();
		await fetch(`${env.emulator.url}/__emulator/uploads/interrupt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"afterBytes":300}' });
		await expect(raw('POST', session, { headers: { file_offset: '0' }, body: JPEG })).rejects.toThrow();
		expect((await raw('GET', session)).body.file_offset).toBe(300);
		expect((await raw('POST', session, { headers: { file_offset: '300' }, body: JPEG.subarray(300) })).body.h).toMatch(/^4::/);
	});

	it('takes the Bearer scheme too, and refuses a wrong token with 190', async () => {
		const session = await open();
		expect((await raw('GET', session, { scheme: 'Bearer' })).status).toBe(200);
		const response = await fetch(`${env.emulator.url}/v24.0/${session}`, { headers: { authorization: 'OAuth wrong' } });
		expect(((await response.json()) as any).error.code).toBe(190);
	});

	it.each([
		['file_offset as a query parameter', async (s: string) => raw('POST', `${s}&file_offset=0`, { body: JPEG }), 'it does not work as a query parameter'],
		['a session with a forged signature', async (s: string) => raw('GET', s.replace(/sig=.*/, 'sig=forged')), 'does not exist or its signature (sig) is wrong'],
		['more bytes than file_length', async (s: string) => raw('POST', s, { headers: { file_offset: '0' }, body: Buffer.concat([JPEG, JPEG]) }), 'more than the file_length'],
		['bytes that are not the declared type', async () => raw('POST', await open(9, 'application/pdf'), { headers: { file_offset: '0' }, body: JPEG.subarray(0, 9) }), 'is not of its file_type application/pdf'],
	])('refuses %s with 100', async (_what, send, details) => {
		const { status, body } = await send(await open());
		expect(status).toBe(400);
		expect(body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining(details) } });
	});

	it.each([
		['a file_type Meta does not list', `${APP}/uploads?file_length=10&file_type=image/gif`, 'Param file_type must be one of'],
		['no file_length', `${APP}/uploads?file_type=image/png`, 'Param file_length must be'],
	])('refuses a session with %s', async (_what, path, details) => {
		expect((await raw('POST', path)).body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining(details) } });
	});

	it('knows only its own app', async () => {
		expect((await raw('POST', '999/uploads?file_length=10&file_type=image/png')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});
});

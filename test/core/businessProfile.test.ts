import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { filesOf, jpeg, pdf } from './files.helpers';
import { failure, graphCalls, PHONE_NUMBER_ID, useManage } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;

describe('business profile', () => {
	it('updates the fields given and reads them back as one record', async () => {
		const update = { about: 'Plants, delivered.', address: '1 Garden Way, Springfield', description: 'Lucky Shrub sells plants.', email: 'hi@luckyshrub.example', websites: 'https://luckyshrub.example, http://shop.luckyshrub.example', vertical: 'RETAIL' };
		expect(await run('businessProfile', 'update', update)).toEqual({ success: true, updated: true });
		expect(graphCalls(emulator())[0]).toMatchObject({
			path: `/v24.0/${PHONE_NUMBER_ID}/whatsapp_business_profile`,
			body: { messaging_product: 'whatsapp', ...update, websites: ['https://luckyshrub.example', 'http://shop.luckyshrub.example'] },
		});
		expect(await run('businessProfile', 'get')).toEqual({
			messaging_product: 'whatsapp',
			about: 'Plants, delivered.',
			address: '1 Garden Way, Springfield',
			description: 'Lucky Shrub sells plants.',
			email: 'hi@luckyshrub.example',
			websites: ['https://luckyshrub.example', 'http://shop.luckyshrub.example'],
			vertical: 'RETAIL',
		});
	});

	it('leaves the other fields as they are', async () => {
		await run('businessProfile', 'update', { about: 'Only this.' });
		expect(graphCalls(emulator())[0].body).toEqual({ messaging_product: 'whatsapp', about: 'Only this.' });
		expect(await run('businessProfile', 'get')).toMatchObject({ about: 'Only this.', vertical: 'UNDEFINED' });
	});

	it.each([
		[{ about: 'a'.repeat(140) }, 'Invalid About (about): must be at most 139 characters, got 140'],
		[{ address: 'a'.repeat(257) }, 'Invalid Address (address): must be at most 256 characters, got 257'],
		[{ description: 'a'.repeat(513) }, 'Invalid Description (description): must be at most 512 characters, got 513'],
		[{ email: `${'a'.repeat(120)}@example.com` }, 'Invalid Email (email): must be at most 128 characters, got 132'],
		[{ email: 'not-an-email' }, 'Invalid Email (email): must be an email address'],
		[{ websites: 'https://a.example, https://b.example, https://c.example' }, 'Invalid Websites (websites): may hold at most 2 websites, got 3'],
		[{ websites: 'ftp://a.example' }, 'Invalid Websites (websites) (0): each website must start with http:// or https:// and be at most 256 characters'],
		[{ vertical: 'PLANTS' }, 'Invalid Industry (vertical): must be one of UNDEFINED, OTHER'],
		[{}, 'Invalid Business profile: needs at least one field to update'],
	])('refuses %j before any request', async (values, message) => {
		const error = await failure(run('businessProfile', 'update', values));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('business profile: the picture, through the Resumable Upload API', () => {
	it('uploads the flow\'s picture, then sets it by its handle', async () => {
		const files = filesOf({ logo: { data: jpeg(), mimeType: 'image/jpeg', fileName: 'logo.jpg' } });
		expect(await run('businessProfile', 'update', { profilePictureSource: 'file', profilePictureFile: 'logo' }, { files })).toEqual({ success: true, updated: true });
		const [sample] = [...emulator().state.uploads.handles.keys()];
		const update = graphCalls(emulator()).at(-1)!;
		expect(update.body).toEqual({ messaging_product: 'whatsapp', profile_picture_handle: sample });
		expect((await run('businessProfile', 'get')).profile_picture_url).toContain(encodeURIComponent(sample));
	});

	it('sets a picture from a handle given, and refuses an expired one or a PDF before any request', async () => {
		const valid = `4::aW1hZ2UvcG5n:ARa:e:${Math.floor(Date.now() / 1000) + 3600}:1199620111111111:ARb`;
		expect(await run('businessProfile', 'update', { profilePictureSource: 'handle', profilePictureHandle: valid })).toEqual({ success: true, updated: true });
		const before = graphCalls(emulator()).length;
		const expired = valid.replace(/:e:\d+:/, ':e:1472075513:');
		expect((await failure(run('businessProfile', 'update', { profilePictureSource: 'handle', profilePictureHandle: expired }))).message).toBe(
			'Invalid Profile Picture Handle (profilePictureHandle): the handle expired at 2016-08-24T21:51:53.000Z: upload the file again (Upload > Upload File) for a new handle',
		);
		const pdfError = await failure(run('businessProfile', 'update', { profilePictureSource: 'file' }, { files: filesOf({ data: { data: pdf(), mimeType: 'application/pdf' } }) }));
		expect(pdfError.message).toBe('Invalid Profile Picture Input Binary Field (profilePictureFile): the file\'s type application/pdf is not accepted for a profile picture; allowed: image/jpeg, image/png');
		expect(graphCalls(emulator())).toHaveLength(before);
	});
});

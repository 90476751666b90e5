import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
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

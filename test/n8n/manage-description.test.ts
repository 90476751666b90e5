import { describe, expect, it } from 'vitest';
import { properties } from '../../nodes/WhatsAppPlatform/description';

const property = (name: string, resource: string, operation: string) =>
	properties.find((p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation));

describe('n8n node: account management from the catalog', () => {
	it('offers the management resources with their operations', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		expect(resource.options!.map((o) => (o as { value: string }).value)).toEqual(
			expect.arrayContaining(['template', 'phoneNumber', 'businessProfile', 'analytics', 'subscription']),
		);
		const templateOps = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('template'))!;
		expect(templateOps.options!.map((o) => (o as { value: string }).value)).toEqual(['getMany', 'get', 'create', 'update', 'delete']);
	});

	it('shows Limit only when Return All is off, as n8n list operations do', () => {
		expect(property('returnAll', 'template', 'getMany')).toMatchObject({ type: 'boolean', default: false });
		expect(property('limit', 'template', 'getMany')).toMatchObject({ type: 'number', default: 50, displayOptions: { show: { returnAll: [false] } } });
	});

	it('renders dates as dateTime, JSON as json and choices as options', () => {
		expect(property('start', 'analytics', 'getMessaging')).toMatchObject({ type: 'dateTime', required: true });
		expect(property('buttons', 'template', 'create')).toMatchObject({ type: 'json' });
		expect(property('granularity', 'analytics', 'getMessaging')!.options).toEqual([
			{ name: 'Day', value: 'DAY', description: undefined },
			{ name: 'Month', value: 'MONTH', description: undefined },
			{ name: 'Half Hour', value: 'HALF_HOUR', description: undefined },
		]);
		expect(property('headerText', 'template', 'create')!.displayOptions!.show).toMatchObject({ headerFormat: ['TEXT'] });
	});

	it('shows the Call resource\'s notice above the fields of every call operation: the node handles no media', () => {
		const forCall = properties.filter((p) => p.displayOptions?.show?.resource?.includes('call') && p.name !== 'operation');
		expect(forCall[0]).toMatchObject({ type: 'notice', displayOptions: { show: { resource: ['call'] } } });
		expect(forCall[0].displayName).toMatch(/does not handle media/);
		expect(forCall[0].displayOptions!.show).not.toHaveProperty('operation');
	});
});

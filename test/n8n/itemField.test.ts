import { createRequire } from 'node:module';
import type { IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fieldPath, readItemField } from '../../nodes/WhatsAppPlatform/itemField';

/** n8n-workflow as n8n loads it (its CommonJS build), not through Vite's transform. */
const { Workflow } = createRequire(__filename)('n8n-workflow') as typeof import('n8n-workflow');

/** n8n's own evaluation of a parameter value for one item (n8n-workflow's Expression, as a node's getNodeParameter runs it). */
function n8nEvaluates(value: string, items: INodeExecutionData[], itemIndex: number): unknown {
	const nodeType = { description: { properties: [] } };
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', nodes: [{ id: 'n', name: 'WhatsApp', type: 'whatsAppPlatform', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {}, active: false, nodeTypes: nodeTypes as never });
	return workflow.expression.getParameterValue(value, null, 0, itemIndex, 'WhatsApp', items, 'manual', {});
}

/** The part of n8n's execute context the fast path reads, counting its copies of the node. */
function context(parameters: INodeParameters, items: INodeExecutionData[]) {
	const calls = { getNode: 0 };
	const fake = {
		getNode: () => {
			calls.getNode++;
			return { name: 'WhatsApp', parameters: structuredClone(parameters) };
		},
		getInputData: () => items,
	};
	return { context: fake as unknown as IExecuteFunctions, calls };
}

const items: INodeExecutionData[] = [
	{ json: { phone: '+4915112345678', count: 3, ratio: -1.5, zero: 0, vip: false, empty: '', customer: { name: 'Ada', address: { city: 'Köln' } }, 'first name': 'Ada', "it's": 'quoted', none: null, tags: ['a'], big: 1e21 } },
	{ json: { phone: '+16505551234', count: 0, customer: { name: 'Grace' } } },
];

describe('a parameter that names a field of the item ({{ $json.… }})', () => {
	const fields = [
		'={{ $json.phone }}',
		'={{$json.phone}}',
		'={{   $json.count   }}',
		'={{ $json.ratio }}',
		'={{ $json.zero }}',
		'={{ $json.vip }}',
		'={{ $json.empty }}',
		'={{ $json.customer.name }}',
		'={{ $json.customer.address.city }}',
		'={{ $json["first name"] }}',
		'={{ $json["it\'s"] }}',
		"={{ $json['customer']['name'] }}",
		'={{ $json.big }}',
	];

	it.each(fields)('%s is read from the item, with the value n8n computes', (expression) => {
		for (const itemIndex of [0, 1]) {
			const n8n = n8nEvaluates(expression, items, itemIndex);
			const read = readItemField(context({ to: expression }, items).context, 'to', itemIndex);
			// The second item lacks some fields: those are left to n8n, which computes undefined.
			if (n8n === undefined) expect(read).toBeUndefined();
			else expect(read).toEqual({ value: n8n });
		}
		expect(readItemField(context({ to: expression }, items).context, 'to', 0)).toBeDefined();
	});

	const leftToN8n = [
		['a missing field', '={{ $json.missing }}'],
		['a field below a missing one', '={{ $json.missing.name }}'],
		['null', '={{ $json.none }}'],
		['an object', '={{ $json.customer }}'],
		['an array', '={{ $json.tags }}'],
		["a string's property", '={{ $json.phone.length }}'],
		['an expression that computes', '={{ $json.count + 1 }}'],
		['text around the expression', '=+{{ $json.phone }}'],
		['two expressions', '={{ $json.phone }}{{ $json.count }}'],
		['another node\'s item', "={{ $('Recipients').item.json.phone }}"],
		['an index', '={{ $json.tags[0] }}'],
		['an escaped quote', '={{ $json["it\\"s"] }}'],
		['a fixed value', '+4915112345678'],
		['the prototype', '={{ $json.constructor }}'],
		['the prototype, by brackets', '={{ $json["__proto__"] }}'],
	] as const;

	it.each(leftToN8n)('%s (%s) is left to n8n', (_what, expression) => {
		expect(readItemField(context({ to: expression }, items).context, 'to', 0)).toBeUndefined();
	});

	it('never reads a field the item holds under a prototype name, even as its own property', () => {
		const own = [{ json: JSON.parse('{"__proto__": "+4915112345678", "constructor": "x"}') }];
		expect(readItemField(context({ to: '={{ $json.__proto__ }}' }, own).context, 'to', 0)).toBeUndefined();
		expect(readItemField(context({ to: '={{ $json.constructor }}' }, own).context, 'to', 0)).toBeUndefined();
	});

	it('reads a non-finite number through n8n, never itself', () => {
		const odd = [{ json: { count: Number.NaN, far: Number.POSITIVE_INFINITY } }];
		expect(readItemField(context({ to: '={{ $json.count }}' }, odd).context, 'to', 0)).toBeUndefined();
		expect(readItemField(context({ to: '={{ $json.far }}' }, odd).context, 'to', 0)).toBeUndefined();
	});

	it('copies the node once per execution, however many items and parameters it reads', () => {
		const { context: run, calls } = context({ to: '={{ $json.phone }}', body: '={{ $json.customer.name }}' }, items);
		for (const itemIndex of [0, 1]) {
			expect(readItemField(run, 'to', itemIndex)).toEqual({ value: items[itemIndex].json.phone });
			expect(readItemField(run, 'body', itemIndex)).toEqual({ value: (items[itemIndex].json.customer as { name: string }).name });
		}
		expect(calls.getNode).toBe(1);
	});

	it('parses each expression once into its path', () => {
		expect(fieldPath('={{ $json.customer["first name"].city }}')).toEqual(['customer', 'first name', 'city']);
		expect(fieldPath('={{ $json }}')).toBeNull();
		expect(fieldPath('={{ $json.phone }}')).toBe(fieldPath('={{ $json.phone }}'));
	});
});

import type { INodeProperties, NodePropertyTypes } from 'n8n-workflow';
import { operationsOf, resources } from '../shared/catalog';
import type { AnyOperation, ParamSpec } from '../shared/catalog/types';

const n8nTypes: Record<ParamSpec['type'], NodePropertyTypes> = {
	string: 'string',
	text: 'string',
	number: 'number',
	boolean: 'boolean',
	options: 'options',
	json: 'json',
	phoneNumberId: 'string',
};

/** One catalog parameter as an n8n property, shown only for its operation. */
export function toProperty(operation: AnyOperation, name: string, spec: ParamSpec): INodeProperties {
	const property: INodeProperties = {
		displayName: spec.label,
		name,
		type: n8nTypes[spec.type],
		default: spec.default ?? (spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : ''),
		// Fields that fall back to the credential may stay empty.
		required: spec.required && !spec.fromAccount,
		description: spec.help,
		displayOptions: {
			show: { resource: [operation.resource], operation: [operation.operation], ...spec.showWhen },
		},
	};
	if (spec.placeholder) property.placeholder = spec.placeholder;
	if (spec.type === 'text') property.typeOptions = { rows: 4 };
	if (spec.options) property.options = spec.options.map((o) => ({ name: o.label, value: o.value, description: o.help }));
	return property;
}

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map((r) => ({ name: r.label, value: r.name, description: r.help })),
	default: resources[0].name,
};

function operationProperty(resource: (typeof resources)[number]): INodeProperties {
	const operations = operationsOf(resource.name);
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.name] } },
		options: operations.map((op) => ({ name: op.label, value: op.operation, action: op.action, description: op.help })),
		default: operations[0].operation,
	};
}

/** The node's properties, derived from the operation catalog. */
export const properties: INodeProperties[] = [
	resourceProperty,
	...resources.map(operationProperty),
	...resources.flatMap((resource) =>
		operationsOf(resource.name).flatMap((op) =>
			Object.entries(op.params as Record<string, ParamSpec>).map(([name, spec]) => toProperty(op, name, spec)),
		),
	),
];

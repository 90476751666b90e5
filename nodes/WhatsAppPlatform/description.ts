import type { INodeProperties, NodePropertyTypes } from 'n8n-workflow';
import { resourcesOfferedBy } from '../shared/catalog';
import type { CatalogOperation, ParamSpec, ResourceSpec } from '../shared/catalog/types';
import { idempotencyProperties } from './idempotency';

const n8nTypes: Record<ParamSpec['type'], NodePropertyTypes> = {
	string: 'string',
	text: 'string',
	number: 'number',
	boolean: 'boolean',
	options: 'options',
	json: 'json',
	phoneNumberId: 'resourceLocator',
	dateTime: 'dateTime',
	file: 'string',
	template: 'resourceLocator',
	templateParameters: 'resourceMapper',
};

/** Pick from a list (searchable) or type the value; the core receives the plain value. */
function locator(searchListMethod: string, typed: { name: string; displayName: string; placeholder?: string }): Partial<INodeProperties> {
	return {
		default: { mode: 'list', value: '' },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{ displayName: typed.displayName, name: typed.name, type: 'string', placeholder: typed.placeholder },
		],
	};
}

/** What the catalog's host-specific types need in n8n: resource locators, the template mapper. */
const special: Partial<Record<ParamSpec['type'], (spec: ParamSpec) => Partial<INodeProperties>>> = {
	phoneNumberId: (spec) => locator('searchPhoneNumbers', { name: 'id', displayName: 'By ID', placeholder: spec.placeholder }),
	template: (spec) => locator('searchTemplates', { name: 'name', displayName: 'By Name', placeholder: `${spec.placeholder ?? ''}|en_US` }),
	templateParameters: () => ({
		default: { mappingMode: 'defineBelow', value: null },
		typeOptions: {
			loadOptionsDependsOn: ['template.value', 'language'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'This template has no parameters to fill',
			},
		},
	}),
	file: () => ({ hint: 'The name of the binary property, e.g. data' }),
};

/** One catalog parameter as an n8n property, shown only for its operation. */
function toProperty(operation: CatalogOperation, name: string, spec: ParamSpec): INodeProperties {
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
	Object.assign(property, special[spec.type]?.(spec));
	if (spec.options) property.options = spec.options.map((o) => ({ name: o.label, value: o.value, description: o.help }));
	return property;
}

/** The resources this node offers, as the catalog lists them. */
const resources = resourcesOfferedBy('n8n');

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map((r) => ({ name: r.label, value: r.name, description: r.help })),
	default: 'message',
};

function operationProperty(resource: ResourceSpec): INodeProperties {
	const { operations } = resource;
	// The default is each resource's first operation, read from the catalog (not a literal).
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
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

/** A notice above the fields: the resource's (shown for each of its operations), then the operation's. */
function noticeProperty(notice: string | undefined, name: string, show: Record<string, string[]>): INodeProperties[] {
	if (!notice) return [];
	return [{ displayName: notice, name, type: 'notice', default: '', displayOptions: { show } }];
}

/** The node's properties, derived from the operation catalog. */
export const properties: INodeProperties[] = [
	resourceProperty,
	...resources.map(operationProperty),
	...resources.flatMap((resource) => [
		...noticeProperty(resource.notice, `${resource.name}Notice`, { resource: [resource.name] }),
		...resource.operations.flatMap((op) => [
			...noticeProperty(op.notice, `${op.operation}Notice`, { resource: [op.resource], operation: [op.operation] }),
			...Object.entries(op.params as Record<string, ParamSpec>).map(([name, spec]) => toProperty(op, name, spec)),
		]),
	]),
	...idempotencyProperties,
];

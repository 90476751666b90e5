import { describe, expect, it } from 'vitest';
import type { INodeProperties } from 'n8n-workflow';
import { WhatsAppPlatform } from '../../nodes/WhatsAppPlatform/WhatsAppPlatform.node';
import { operationsOf } from '../../nodes/shared/catalog';
import type { ParamSpec } from '../../nodes/shared/catalog/types';

const node = new WhatsAppPlatform();
const { properties } = node.description;

/** The properties n8n shows for one operation. */
const shownFor = (resource: string, operation: string) =>
	properties.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation));

describe('the n8n node, derived from the catalog for messages and media', () => {
	it.each([...operationsOf('message'), ...operationsOf('media')].map((op) => [`${op.resource}.${op.operation}`, op] as const))(
		'%s: one property per parameter, named as in the spec',
		(_name, op) => {
			const names = shownFor(op.resource, op.operation).filter((p) => p.type !== 'notice').map((p) => p.name);
			expect(names).toEqual(Object.keys(op.params));
			const operationProperty = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(op.resource));
			expect(operationProperty?.options).toContainEqual(expect.objectContaining({ value: op.operation, name: op.label, action: op.action }));
		},
	);

	it('points out the platform\'s traps above the fields: the 24-hour window, template approval, the recipient limit', () => {
		const notice = (operation: string) => shownFor('message', operation).find((p) => p.type === 'notice')?.displayName;
		for (const freeForm of ['sendText', 'sendImage', 'sendList', 'sendLocation']) {
			expect(notice(freeForm), freeForm).toMatch(/within 24 hours.*send an approved template.*131047/);
			expect(notice(freeForm), freeForm).toMatch(/1 message per 6 s on average, bursts of up to 45/);
		}
		for (const template of ['sendTemplate', 'sendMarketingTemplate']) expect(notice(template), template).toMatch(/Only APPROVED templates can be sent/);
		expect(notice('markRead')).toBeUndefined();
		expect(shownFor('message', 'sendText')[0].type).toBe('notice');
	});

	it('the sender is a resource locator: searchable list of the account\'s numbers, or an ID', () => {
		const sender = shownFor('message', 'sendImage').find((p) => p.name === 'phoneNumberId') as INodeProperties;
		expect(sender.type).toBe('resourceLocator');
		expect(sender.required).toBeFalsy(); // empty → the credential's default number
		expect(sender.modes?.map((m) => [m.name, m.type])).toEqual([['list', 'list'], ['id', 'string']]);
		expect(sender.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchPhoneNumbers', searchable: true });
		expect(node.methods.listSearch.searchPhoneNumbers).toBeTypeOf('function');
	});

	it('the template is a resource locator and its parameters a resource mapper that follows it', () => {
		const [template, parameters] = ['template', 'templateParameters'].map((name) => shownFor('message', 'sendTemplate').find((p) => p.name === name) as INodeProperties);
		expect(template.type).toBe('resourceLocator');
		expect(template.modes?.[0].typeOptions?.searchListMethod).toBe('searchTemplates');
		expect(parameters.type).toBe('resourceMapper');
		expect(parameters.typeOptions?.loadOptionsDependsOn).toContain('template.value');
		expect(parameters.typeOptions?.resourceMapper).toMatchObject({ resourceMapperMethod: 'getTemplateFields', mode: 'add' });
		expect(node.methods.resourceMapping.getTemplateFields).toBeTypeOf('function');
		// Raw JSON stays available for power users.
		expect(shownFor('message', 'sendTemplate').find((p) => p.name === 'components')?.type).toBe('json');
	});

	it('fields that depend on another are shown only for its value (media link vs media ID vs binary)', () => {
		const byName = Object.fromEntries(shownFor('message', 'sendDocument').map((p) => [p.name, p]));
		expect(byName.mediaLink.displayOptions?.show?.mediaSource).toEqual(['link']);
		expect(byName.mediaId.displayOptions?.show?.mediaSource).toEqual(['id']);
		expect(byName.fileProperty.displayOptions?.show?.mediaSource).toEqual(['file']);
		expect(byName.fileProperty.default).toBe('data');
	});

	it('is usable as an AI agent tool', () => {
		expect(node.description.usableAsTool).toBe(true);
	});

	it('has nothing n8n\'s parameter check would change, so the node\'s reads skip it: no validateType, no collections', () => {
		const validated: string[] = [];
		const visit = (list: readonly unknown[], path: string) => {
			for (const entry of list as Array<Record<string, unknown>>) {
				const where = `${path}${String(entry.name)}`;
				if ('validateType' in entry || entry.type === 'collection' || entry.type === 'fixedCollection') validated.push(where);
				if (Array.isArray(entry.options)) visit(entry.options, `${where}.`);
				if (Array.isArray(entry.values)) visit(entry.values, `${where}.`);
			}
		};
		visit(properties, '');
		expect(validated).toEqual([]);
	});

	it('every help text and label of the messaging parameters is filled', () => {
		for (const op of [...operationsOf('message'), ...operationsOf('media')]) {
			for (const [name, spec] of Object.entries(op.params as Record<string, ParamSpec>)) {
				expect(spec.label, `${op.operation}.${name}`).toMatch(/^[A-Z]/);
				expect(spec.help.length, `${op.operation}.${name}`).toBeGreaterThan(10);
			}
		}
	});
});

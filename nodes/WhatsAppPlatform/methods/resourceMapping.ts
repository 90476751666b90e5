import { NodeOperationError, type ILoadOptionsFunctions, type ResourceMapperFields } from 'n8n-workflow';
import { findTemplate } from '../../shared/account/lookups';
import { lookup } from './lookup';

/** One field per placeholder of the chosen template, so a user fills {{1}} or {{first_name}} directly. */
export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const picked = String(this.getNodeParameter('template', '', { extractValue: true }) ?? '');
	const [name, pickedLanguage] = picked.split('|');
	if (!name) return { fields: [] };
	const language = pickedLanguage || String(this.getNodeParameter('language', 'en_US') || 'en_US');
	const template = await lookup(this, (account) => findTemplate(account, name, language));
	if (!template) throw new NodeOperationError(this.getNode(), `No template "${name}" in ${language}: check the name and language`);
	return {
		fields: template.fields.map((field) => ({
			id: field.id,
			displayName: `${field.label}: ${field.help}`,
			required: field.required,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
	};
}

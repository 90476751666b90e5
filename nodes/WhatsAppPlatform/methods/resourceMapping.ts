import { NodeOperationError, type ILoadOptionsFunctions, type ResourceMapperFields } from 'n8n-workflow';
import { templateFields } from '../../shared/catalog/message/support/templateValues';
import { editorGraph } from './graph';

interface Template {
	name: string;
	language: string;
	category?: string;
	components?: Array<Record<string, unknown>>;
}

/** One field per placeholder of the chosen template, so a user fills {{1}} or {{first_name}} directly. */
export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const picked = String(this.getNodeParameter('template', '', { extractValue: true }) ?? '');
	const [name, pickedLanguage] = picked.split('|');
	if (!name) return { fields: [] };
	const language = pickedLanguage || String(this.getNodeParameter('language', 'en_US') || 'en_US');
	const { list } = await editorGraph(this);
	const templates = await list<Template>('message_templates', { name, fields: 'name,language,category,components' });
	const template = templates.find((t) => t.name === name && t.language === language);
	if (!template) throw new NodeOperationError(this.getNode(), `No template "${name}" in ${language}: check the name and language`);
	return {
		fields: templateFields(template as never).map((field) => ({
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

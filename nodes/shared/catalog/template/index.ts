import { defineResource } from '../types';
import { createTemplate } from './create';
import { deleteTemplate } from './delete';
import { getTemplate } from './get';
import { getManyTemplates } from './getMany';
import { updateTemplate } from './update';

export const template = defineResource({
	name: 'template',
	label: 'Template',
	help: 'Create, list, edit and delete message templates.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getManyTemplates, getTemplate, createTemplate, updateTemplate, deleteTemplate],
});

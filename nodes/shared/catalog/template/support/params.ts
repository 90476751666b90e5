import { numericId } from '../../../validation/rules';

/** What the template operations share. */

/** The fields Get and Get Many read of a template. */
export const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components,quality_score,rejected_reason';

export const templateIdParam = {
	label: 'Template ID',
	type: 'string' as const,
	required: true,
	help: 'The numeric ID of the template (from Create or Get Many), not its name.',
	placeholder: '594425479261596',
	schema: numericId,
};

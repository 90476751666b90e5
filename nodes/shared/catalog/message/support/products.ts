import { text } from '../../../validation/rules';
import type { ParamSpec } from '../../types';

/** The commerce catalog that Send Product and Send Product List take their products from. */
export const catalogIdParam: ParamSpec<string> = {
	label: 'Catalog ID',
	type: 'string',
	required: true,
	help: 'The ID of the Meta commerce catalog connected to the WhatsApp Business Account.',
	schema: text(1, 100),
};

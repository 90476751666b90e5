import { text } from '../../validation/rules';
import { captionParam, mediaMessage } from './support/mediaMessage';

export const sendDocument = mediaMessage<{ caption?: string; filename?: string }>({
	kind: 'document',
	label: 'Send Document',
	help: 'Sends a document (PDF, Office, plain text; up to 100 MB) by link, media ID or from the flow\'s own data.',
	extra: {
		caption: captionParam,
		filename: {
			label: 'File Name',
			type: 'string',
			help: 'The name shown to the recipient; its extension picks the icon. Example: invoice-4711.pdf.',
			placeholder: 'invoice-4711.pdf',
			schema: text(1, 240).optional(),
		},
	},
	fields: (params) => ({ caption: params.caption, filename: params.filename }),
	fromFields: (object) => ({ caption: object.caption, filename: object.filename }),
	group: true,
});

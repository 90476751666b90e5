import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, headerTextParam, interactiveFromCloudApi, interactiveRequest } from './support/interactive';
import { messagePartJson } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';
import { list, unique } from './support/rules';

const row = z.object({
	id: text(1, LIMITS.rowId),
	title: text(1, LIMITS.rowTitle),
	description: text(1, LIMITS.rowDescription).optional(),
});

const section = z.object({ title: text(1, LIMITS.sectionTitle).optional(), rows: list(row, 1, LIMITS.listRows, 'rows') });

/** Sections (or a plain list of rows, as one section): ≤ 10 sections, ≤ 10 rows in all, unique row ids. */
const sections = z
	.array(z.unknown(), { invalid_type_error: 'must be a list of sections or rows' })
	.transform((value) => (value.length > 0 && value.every((entry) => !(entry as { rows?: unknown })?.rows) ? [{ rows: value }] : value))
	.pipe(list(section, 1, LIMITS.listSections, 'sections'))
	.superRefine((value, ctx) => {
		const rows = value.flatMap((s) => s.rows);
		if (rows.length > LIMITS.listRows) ctx.addIssue({ code: 'custom', message: `must have at most ${LIMITS.listRows} rows in all sections together, got ${rows.length}` });
		unique((r: { id: string }) => r.id, 'the row id')(rows, ctx);
		if (value.length > 1) {
			value.forEach((s, index) => {
				if (!s.title) ctx.addIssue({ code: 'custom', path: [index, 'title'], message: 'every section needs a title when there is more than one section' });
			});
		}
	});

interface SendListParams extends SendEnvelope {
	headerText?: string;
	body: string;
	footer?: string;
	buttonText: string;
	sections: Array<z.infer<typeof section>>;
}

export const sendList = defineOperation<SendListParams>({
	operation: 'sendList',
	label: 'Send List',
	action: 'Send a list message',
	help: `Sends a menu of up to ${LIMITS.listRows} rows in up to ${LIMITS.listSections} sections behind a button; the choice comes back as a list_reply webhook.`,
	notice: FREE_FORM_NOTICE,
	sends: 'lists',
	params: sendParams({
		headerText: headerTextParam,
		body: bodyParam(LIMITS.listBody),
		footer: footerParam,
		buttonText: {
			label: 'Button Text',
			type: 'string',
			required: true,
			help: `The label of the button that opens the list, up to ${LIMITS.listButton} characters.`,
			placeholder: 'Choose',
			schema: text(1, LIMITS.listButton),
		},
		sections: {
			label: 'Sections (JSON)',
			type: 'json',
			required: true,
			placeholder: '[{"title": "Options", "rows": [{"id": "a", "title": "Option A", "description": "The first"}]}]',
			help: `[{"title", "rows": [{"id", "title", "description"}]}], or just the rows. Row titles up to ${LIMITS.rowTitle}, descriptions ${LIMITS.rowDescription}, section titles ${LIMITS.sectionTitle} characters.`,
			schema: messagePartJson(sections),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) =>
		interactiveRequest(params, 'list', {
			header: params.headerText ? { type: 'text', text: params.headerText } : undefined,
			body: params.body,
			footer: params.footer,
			action: { button: params.buttonText, sections: params.sections },
		}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'list');
		if (!read) return undefined;
		return { ...read.values, headerText: (read.header as { text?: string } | undefined)?.text, buttonText: read.action.button, sections: read.action.sections };
	},
});

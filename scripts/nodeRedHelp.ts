import { readFileSync, writeFileSync } from 'node:fs';
import { describeCatalog } from '../nodes/shared/catalog/describe';
import type { OfferingNode, ParamType } from '../nodes/shared/catalog/types';

type Described = ReturnType<typeof describeCatalog>;
type Param = Described['operations'][number]['params'][number];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What a field holds, in the help's property-type badge. */
const KINDS: Record<ParamType, string> = {
	string: 'string',
	text: 'string',
	number: 'number',
	boolean: 'boolean',
	options: 'string',
	json: 'JSON',
	phoneNumberId: 'string',
	dateTime: 'date',
	file: 'msg property',
	template: 'string',
	templateParameters: 'JSON',
};

function field(param: Param): string {
	const optional = !param.required || param.fromAccount ? ' class="optional"' : '';
	const choices = param.options?.length ? ` One of ${param.options.map((o) => `<code>${escape(o.value)}</code>`).join(', ')}.` : '';
	return `<dt${optional}>${escape(param.name)} <span class="property-type">${KINDS[param.type]}</span></dt><dd><i>${escape(param.label)}</i>: ${escape(param.help)}${choices}</dd>`;
}

/**
 * The help sidebar's Operations section for a Node-RED node: each operation it offers, folded, with
 * what it does, the platform's trap where there is one, and every field by the name msg.payload uses.
 */
export function operationsHelp(node: OfferingNode): string {
	const { resources, operations } = describeCatalog();
	const lines = [
		'<h3>Operations</h3>',
		'<p>Each operation\'s fields, by the name <code>msg.payload</code> overrides them with; the form shows the same fields with a one-line hint.</p>',
	];
	for (const resource of resources.filter((r) => r.offeredBy.includes(node))) {
		for (const op of operations.filter((o) => o.resource === resource.name)) {
			lines.push(`<details><summary>${escape(resource.label)}: ${escape(op.label)}</summary>`, `<p>${escape(op.help)}</p>`);
			const notice = [resource.notice, op.notice].filter(Boolean).join(' ');
			if (notice) lines.push(`<p><b>Note:</b> ${escape(notice)}</p>`);
			if (op.params.length) lines.push('<dl class="message-properties">', ...op.params.map(field), '</dl>');
			lines.push('</details>');
		}
	}
	return lines.map((line) => `\t${line}`).join('\n');
}

/** Fills the `<!-- catalog: node-red-… -->` marker of each built Node-RED .html with its operations. */
export function writeNodeRedHelp(files: string[]) {
	for (const file of files) {
		const html = readFileSync(file, 'utf8');
		const filled = html.replace(/^\s*<!-- catalog: (node-red-send|node-red-manage) -->$/m, (_, node: OfferingNode) => operationsHelp(node));
		if (filled !== html) writeFileSync(file, filled);
	}
}

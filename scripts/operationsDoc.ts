import { describeCatalog } from '../nodes/shared/catalog/describe';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/operations.md: every operation of the catalog with its parameters, as both hosts show them. */
export function operationsMarkdown(): string {
	const { resources, operations } = describeCatalog();
	const lines = [
		'# Operations',
		'',
		'Generated from the operation catalog (`npm run docs`); a test keeps it equal to the catalog.',
		'The parameter names are the same in both hosts: n8n properties, Node-RED form fields and',
		'`msg.payload` keys. Sends output Meta\'s answer with `messageId` and `waId` lifted to the top; lists',
		'and reports one n8n item per record or data point (Node-RED: an array in `msg.payload`).',
		'',
	];
	for (const resource of resources) {
		lines.push(`## ${resource.label}`, '', resource.help, '');
		if (resource.notice) lines.push(`> ${resource.notice}`, '');
		for (const op of operations.filter((o) => o.resource === resource.name)) {
			lines.push(`### ${op.label} (\`${op.resource}.${op.operation}\`)`, '', op.help, '');
			if (op.notice) lines.push(`> ${op.notice}`, '');
			if (op.params.length === 0) continue;
			lines.push('| Parameter | Name | Required | What it is |', '|---|---|---|---|');
			for (const param of op.params) {
				const required = param.required ? (param.fromAccount ? 'from the credential if empty' : 'yes') : '';
				lines.push(`| ${cell(param.label)} | \`${param.name}\` | ${required} | ${cell(param.help)} |`);
			}
			lines.push('');
		}
	}
	return lines.join('\n');
}

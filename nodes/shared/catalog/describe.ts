import type { ParamSpec } from './types';
import { operations, resources } from './index';

/**
 * The catalog without its functions and schemas: what an editor needs to draw the forms. Each
 * resource says which nodes offer it, so Node-RED's send and manage nodes list what is theirs.
 */
export function describeCatalog() {
	return {
		resources: resources.map(({ name, label, help, notice, offeredBy }) => ({ name, label, help, notice, offeredBy })),
		operations: operations.map((op) => ({
			resource: op.resource,
			operation: op.operation,
			label: op.label,
			action: op.action,
			help: op.help,
			notice: op.notice,
			params: Object.entries(op.params as Record<string, ParamSpec>).map(([name, spec]) => ({
				name,
				label: spec.label,
				type: spec.type,
				help: spec.help,
				required: Boolean(spec.required),
				default: spec.default,
				placeholder: spec.placeholder,
				options: spec.options,
				showWhen: spec.showWhen,
				fromAccount: spec.fromAccount,
			})),
		})),
	};
}

import { type IBinaryData, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { FileResult, type FileSource } from '../shared/catalog/support/files';
import { ValidationError } from '../shared/graph/errors';
import { toTransportError } from '../shared/graph/transport';
import type { AnyOperation, ParamSpec } from '../shared/catalog/types';
import { fromFullResponse } from '../n8n/transport';
import { readItemField } from './itemField';

/**
 * One parameter of one item, without n8n's check of the value against the node's description. That
 * check searches the node's ~700 properties and their display rules on every read: without it one
 * execution's CPU per message fell from 2.1-2.4 ms to 1.6 ms (README, What a host reaches). It
 * changes a value only for `validateType` fields, collections and a resource mapper's sub-paths,
 * which this node has none of or never reads (test/n8n/messaging-description.test.ts). The catalog's
 * own rules check every value before any request. A plain `{{ $json.field }}` is read from the item
 * itself, without n8n's expression sandbox (itemField.ts).
 */
export function readParameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	const field = readItemField(context, name, itemIndex);
	if (field) return field.value;
	return context.getNodeParameter(name, itemIndex, fallback, { skipValidation: true });
}

/** The operation's parameter values for one item, as plain values: locators and mappers unwrapped. */
export function readParameters(context: IExecuteFunctions, operation: AnyOperation, itemIndex: number) {
	const values: Record<string, unknown> = {};
	// null, not undefined: n8n throws for a parameter its form hides unless there is a fallback.
	for (const [name, spec] of Object.entries(operation.params as Record<string, ParamSpec>)) {
		if (spec.type === 'phoneNumberId' || spec.type === 'template') {
			// A locator's value as typed or picked (its modes extract nothing). Not with extractValue:
			// n8n throws for a locator the form hides (Template of another question type).
			const locator = readParameter(context, name, itemIndex, null) as { __rl?: boolean; value?: unknown } | string | null;
			values[name] = locator && typeof locator === 'object' && locator.__rl ? locator.value : locator;
		} else if (spec.type === 'templateParameters') {
			const mapped = readParameter(context, name, itemIndex, null) as { value?: IDataObject | null } | IDataObject | undefined;
			values[name] = mapped && typeof mapped === 'object' && 'mappingMode' in mapped ? (mapped.value ?? undefined) : mapped;
		} else {
			values[name] = readParameter(context, name, itemIndex, null);
		}
	}
	return values;
}

/** The item's binary properties as files for the core (uploads). */
export function n8nFiles(context: IExecuteFunctions, itemIndex: number): FileSource {
	return {
		async read(property) {
			const binary = context.getInputData()[itemIndex]?.binary?.[property];
			if (!binary) {
				const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
				const has = available.length ? `; it has: ${available.join(', ')}` : '; it has no binary data';
				throw new ValidationError('Input Binary Field (fileProperty)', `the item has no binary property "${property}"${has}`);
			}
			const data = await context.helpers.getBinaryDataBuffer(itemIndex, property);
			return { data: new Uint8Array(data), mimeType: binary.mimeType, fileName: binary.fileName };
		},
		// n8n's plain HTTP helper: no credential, so the Graph token never goes to the file's host.
		async download(url) {
			try {
				return fromFullResponse(await context.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer', json: false, returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: DOWNLOAD_TIMEOUT_MS }));
			} catch (error) {
				throw toTransportError(error);
			}
		},
	};
}

/** How long a file download from a URL may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** An operation's output as n8n items: a file becomes binary data under the chosen property. */
export async function toItems(context: IExecuteFunctions, output: unknown, values: Record<string, unknown>, itemIndex: number): Promise<INodeExecutionData[]> {
	const pairedItem = { item: itemIndex };
	if (output instanceof FileResult) {
		const property = String(values.outputProperty || 'data');
		const binary: IBinaryData = await context.helpers.prepareBinaryData(Buffer.from(output.file.data), output.file.fileName, output.file.mimeType);
		return [{ json: output.json as IDataObject, binary: { [property]: binary }, pairedItem }];
	}
	// Lists and reports answer an array: one item per record or data point.
	return (Array.isArray(output) ? output : [output]).map((json) => ({ json: json as IDataObject, pairedItem }));
}

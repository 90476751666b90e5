import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { FlowReply } from '../shared/flows';

/** A JSON parameter: n8n hands over text, or an object when an expression built one. */
function json(context: IExecuteFunctions, name: string, label: string): unknown {
	const value = context.getNodeParameter(name, 0, '') as string | IDataObject;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `Invalid Flow answer: ${label} is not valid JSON (${(error as Error).message})`, { itemIndex: 0 });
	}
}

/** The answer the node's parameters describe. */
export function replyOf(context: IExecuteFunctions): FlowReply {
	const respondWith = context.getNodeParameter('respondWith', 0) as FlowReply['respondWith'];
	switch (respondWith) {
		case 'screen':
			return {
				respondWith,
				screen: context.getNodeParameter('screen', 0) as string,
				data: json(context, 'screenData', 'Screen Data') as Record<string, unknown> | undefined,
				errorMessage: (context.getNodeParameter('errorMessage', 0, '') as string) || undefined,
			};
		case 'close':
			return { respondWith, params: json(context, 'params', 'Completion Params') as Record<string, unknown> | undefined };
		case 'tokenNoLongerValid':
			return { respondWith, message: context.getNodeParameter('message', 0) as string };
		default:
			return { respondWith: 'json', body: json(context, 'answer', 'Answer') };
	}
}

import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { GraphApiError } from '../shared/graph/errors';

/** The one place where core errors become n8n errors, tied to the item that failed (an n8n error stays as it is). */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof GraphApiError) {
		return new NodeApiError(node, error.toJSON() as unknown as JsonObject, {
			message: error.message,
			description: error.fbtraceId ? `${error.hint} (fbtrace_id ${error.fbtraceId})` : error.hint,
			httpCode: String(error.httpStatus),
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

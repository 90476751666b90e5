import { randomUUID } from 'node:crypto';
import {
	NodeOperationError,
	WAIT_INDEFINITELY,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { n8nDeadlines, resumeExecution, SETTLEMENT_SIGNATURE_HEADER } from '../n8n/conversation';
import { toNodeError } from '../n8n/errors';
import type { OpenedAccount } from '../shared/account/open';
import { waitSettings, type WaitParams, type WaitSettings } from '../shared/catalog/message/support/question';
import type { CatalogOperation } from '../shared/catalog/types';
import { itemOutput, timeoutMessage, type ItemResult, type Settlement, type WaitGroup } from '../shared/conversation';
import { runOperation, validateParams } from '../shared/run';
import { redactError } from '../shared/secrets';
import { verifySignature } from '../shared/webhook/verify';
import { n8nFiles, readParameters } from './parameters';
import { ITEM_CONCURRENCY, mapItems } from './pacing';

/**
 * n8n resumes a waiting execution after its time limit even when nothing resumed it before (the
 * process that watched the deadline restarted with its waits in memory): this long after the limit,
 * the items leave as timed out.
 */
const BACKSTOP_MS = 5 * 60_000;

/** What the waiting node needs to shape its outputs when it resumes. */
interface GroupChoices {
	/** 2 with a Timed Out output, else 1. */
	outputs: number;
	onTimeout: WaitSettings['onTimeout'];
	/** The node's On Error setting sends failed items to an error output of their own. */
	errorOutput: boolean;
}

/** The node's outputs: Reply (and Timed Out), from the first item's settings, as n8n's Wait node reads its limit. */
function outputCount(settings: Pick<WaitSettings, 'waitMs' | 'onTimeout'>): number {
	return settings.waitMs !== undefined && settings.onTimeout === 'output' ? 2 : 1;
}

/** The same as the editor evaluates it from the parameters (an n8n expression): the node's `outputs`. */
export const WAIT_OUTPUTS =
	"$parameter.operation === 'sendAndWaitForReply' && $parameter.limitWaitTime === true && $parameter.onTimeout !== 'fail' " +
	"? [{ type: 'main', displayName: 'Reply' }, { type: 'main', displayName: 'Timed Out' }] : [{ type: 'main' }]";

/** The items of a settled group, in item order, on the outputs the node has. */
function outputsOf(settlement: Settlement, choices: GroupChoices): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: choices.outputs + (choices.errorOutput ? 1 : 0) }, () => []);
	const errors = choices.errorOutput ? outputs.length - 1 : 0;
	for (const result of settlement.results) {
		const pairedItem = { item: result.index };
		const json = itemOutput(result, settlement) as IDataObject;
		if (result.outcome === 'replied') outputs[0].push({ json, pairedItem });
		else if (result.outcome === 'failed') outputs[errors].push({ json, pairedItem });
		else if (choices.onTimeout === 'output') outputs[1].push({ json, pairedItem });
		else outputs[errors].push({ json: { error: timeoutMessage(result, settlement), ...json }, pairedItem });
	}
	return outputs;
}

interface Prepared {
	index: number;
	values?: Record<string, unknown>;
	settings?: WaitSettings;
	phoneNumberId?: string;
	error?: unknown;
}

/**
 * Message > Send and Wait for Reply: each item's question is sent, then the execution waits as n8n's
 * Wait node waits (putExecutionToWait: no process holds it; it survives a restart) until every item
 * has its answer or the time limit passes. The trigger that receives an answer, or this process
 * when the limit passes, resumes it through its resume URL with the answers (webhook below).
 */
export async function sendAndWait(context: IExecuteFunctions, operation: CatalogOperation, opened: OpenedAccount): Promise<INodeExecutionData[][]> {
	const node = context.getNode();
	if (node.type.endsWith('Tool')) throw new NodeOperationError(node, 'Send and Wait for Reply cannot run as an AI agent\'s tool: an agent cannot wait for a WhatsApp answer. Use it in a workflow.');
	if (!opened.account.appSecret) {
		throw new NodeOperationError(node, 'Send and Wait for Reply needs the credential\'s App Secret: the trigger receives the answers with it, and signs them for the waiting execution');
	}
	const items = context.getInputData();
	const failFast = !context.continueOnFail();
	const now = Date.now();
	const prepared: Prepared[] = items.map((_, index) => {
		try {
			const values = readParameters(context, operation, index);
			const params = validateParams(operation, values, opened.account);
			operation.check?.(params, now);
			return { index, values, settings: waitSettings(params as unknown as WaitParams), phoneNumberId: String(params.phoneNumberId) };
		} catch (error) {
			if (failFast) throw toNodeError(node, redactError(error, opened.secrets), index);
			return { index, error };
		}
	});
	const first = prepared.find((item) => item.settings)?.settings;
	const choices: GroupChoices = { outputs: outputCount(first ?? { onTimeout: 'output' }), onTimeout: first?.onTimeout ?? 'output', errorOutput: node.onError === 'continueErrorOutput' };
	const deadline = first?.waitMs === undefined ? undefined : Date.now() + first.waitMs;
	const group: WaitGroup = {
		id: `${context.getExecutionId()}:${randomUUID()}`,
		host: 'n8n',
		resume: String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0)),
		deadline,
		size: items.length,
		data: { ...choices },
	};
	const { conversations } = opened;
	const failed = (index: number, error: unknown): ItemResult => ({ index, outcome: 'failed', json: { error: toNodeError(node, redactError(error, opened.secrets), index).message } });
	if (!first) return outputsOf({ group, results: prepared.map((item) => failed(item.index, item.error)) }, choices);

	await conversations.open(group);
	const results: ItemResult[] = [];
	// The answers of the others may all be in before an item fails: its failure then completes the group.
	let completed: Settlement | undefined;
	const fail = async (index: number, error: unknown) => {
		results.push(failed(index, error));
		completed = (await conversations.settle(group.id, results[results.length - 1])) ?? completed;
	};
	try {
		await mapItems(prepared.length, ITEM_CONCURRENCY, async (position) => {
			const item = prepared[position];
			if (item.error !== undefined) return fail(item.index, item.error);
			try {
				const output = (await runOperation(operation, item.values!, { ...opened, files: n8nFiles(context, item.index) })) as { messageId?: string; waId?: string };
				const wait = { group: group.id, index: item.index, questionId: String(output.messageId), phoneNumberId: item.phoneNumberId!, waId: String(output.waId) };
				await conversations.expect({ ...wait, matchBy: item.settings!.matchBy });
			} catch (error) {
				if (failFast) throw toNodeError(node, redactError(error, opened.secrets), item.index);
				await fail(item.index, error);
			}
		});
	} catch (error) {
		await conversations.cancel(group.id);
		throw toNodeError(node, error, 0);
	}
	if (results.length === items.length) {
		await conversations.cancel(group.id);
		return outputsOf({ group, results }, choices);
	}
	await waitForAnswers(context, group, choices, results);
	const log = (message: string) => context.logger.warn(message);
	// Resumed once n8n has stored the execution as waiting (until then it answers that it is running).
	if (completed) void resumeExecution(completed, opened.account.appSecret, log);
	else n8nDeadlines(opened, log).watch(group);
	return [items.map((item, index) => ({ json: { waitingForReply: true, ...item.json }, pairedItem: { item: index } }))];
}

/**
 * Puts the execution to wait. Should nothing resume it by its limit, n8n resumes it itself, this
 * node passing on what it holds then: every item that was asked, timed out (n8n's own Send and
 * Wait passes its input on in the same case).
 */
async function waitForAnswers(context: IExecuteFunctions, group: WaitGroup, choices: GroupChoices, failures: ItemResult[]) {
	if (group.deadline === undefined) {
		await context.putExecutionToWait(WAIT_INDEFINITELY);
		return;
	}
	const results = Array.from({ length: group.size }, (_, index): ItemResult => failures.find((failure) => failure.index === index) ?? { index, outcome: 'timedOut' });
	context.getExecuteData().data = { main: outputsOf({ group, results }, choices) };
	context.setMetadata({ forwardAllOutputs: true });
	await context.putExecutionToWait(new Date(group.deadline + BACKSTOP_MS));
}

/**
 * The resume: a settlement signed with the credential's App Secret. Anything else is refused and
 * the execution keeps waiting.
 */
export async function resumeWithAnswers(context: IWebhookFunctions, opened: OpenedAccount): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const response = context.getResponseObject();
	const raw = request.rawBody ?? new Uint8Array();
	if (!verifySignature(raw, request.headers[SETTLEMENT_SIGNATURE_HEADER], opened.account.appSecret)) {
		response.status(401).type('text/plain').send('Unauthorized: not a signed set of answers for this execution');
		return { noWebhookResponse: true };
	}
	const settlement = JSON.parse(Buffer.from(raw).toString('utf8')) as Settlement;
	const choices = settlement.group.data as unknown as GroupChoices;
	response.status(200).type('text/plain').send('OK');
	return { noWebhookResponse: true, workflowData: outputsOf(settlement, choices) };
}

import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../n8n/transport';
import { normaliseSettings, secretValues, type RawSettings } from '../shared/credentials';
import { answerFor, loadPrivateKey, openSession, type FlowAnswer, type SealedSession } from '../shared/flows';
import { redact } from '../shared/secrets';
import { properties } from './description';
import { replyOf } from './reply';

/** The trigger whose request this node answers (its type name ends so, whatever the package prefix). */
const ENDPOINT_TYPE = '.whatsAppFlowEndpoint';

interface EndpointItem {
	flowToken?: string;
	session?: SealedSession;
}

export class RespondToWhatsAppFlow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to WhatsApp Flow',
		name: 'respondToWhatsAppFlow',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["respondWith"] === "screen" ? $parameter["screen"] : $parameter["respondWith"]}}',
		description: 'Answers a WhatsApp Flow Endpoint request: the next screen, the close of the Flow, or an expired flow token',
		defaults: { name: 'Respond to WhatsApp Flow' },
		// n8n's scanner wants the flag, its types take no `false`: as a tool it answers only in a run the Flow Endpoint started.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const account = normaliseSettings((await this.getCredentials(CREDENTIAL_TYPE)) as RawSettings);
		const fail = (message: string) => new NodeOperationError(this.getNode(), redact(message, secretValues(account)), { itemIndex: 0 });
		const trigger = this.getParentNodes(this.getNode().name).find((node) => node.type.endsWith(ENDPOINT_TYPE));
		if (!trigger) throw fail('No WhatsApp Flow Endpoint trigger before this node: it answers the request that trigger received');
		// The trigger's own item, whatever the nodes between them did to theirs.
		const request = (this.getWorkflowDataProxy(0).$items(trigger.name)[0]?.json ?? items[0]?.json ?? {}) as EndpointItem;
		if (!request.session) throw fail(`The output of "${trigger.name}" has no session: answer a request of the WhatsApp Flow Endpoint trigger`);
		const reply = replyOf(this);
		let answer: FlowAnswer;
		try {
			const session = openSession(request.session, loadPrivateKey(account.flowPrivateKey ?? '', account.flowPrivateKeyPassphrase ?? ''));
			answer = answerFor(reply, request.flowToken, session);
		} catch (error) {
			throw fail((error as Error).message);
		}
		await this.sendResponse({ body: answer.body, headers: { 'content-type': 'text/plain; charset=utf-8' }, statusCode: answer.status });
		return [items];
	}
}

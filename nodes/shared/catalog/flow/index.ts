import { defineResource } from '../types';
import { createFlow } from './create';
import { deleteFlow } from './delete';
import { deprecateFlow } from './deprecate';
import { generateFlowKeyPair } from './generateKeyPair';
import { getFlow } from './get';
import { getManyFlows } from './getMany';
import { getFlowMetrics } from './getMetrics';
import { getFlowPreviewUrl } from './getPreviewUrl';
import { getFlowPublicKey } from './getPublicKey';
import { publishFlow } from './publish';
import { updateFlow } from './update';
import { uploadFlowJson } from './uploadJson';
import { uploadFlowPublicKey } from './uploadPublicKey';

export const flow = defineResource({
	name: 'flow',
	label: 'Flow',
	help: 'WhatsApp Flows (forms inside the chat): create, upload Flow JSON, publish, deprecate, preview, metrics, and the endpoint\'s encryption key.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [
		getManyFlows,
		getFlow,
		createFlow,
		updateFlow,
		uploadFlowJson,
		publishFlow,
		deprecateFlow,
		deleteFlow,
		getFlowPreviewUrl,
		getFlowMetrics,
		generateFlowKeyPair,
		uploadFlowPublicKey,
		getFlowPublicKey,
	],
});

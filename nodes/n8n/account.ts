import { sleep, type IExecuteFunctions, type IHookFunctions, type ILoadOptionsFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { openAccount, type OpenedAccount } from '../shared/account/open';
import type { RawSettings } from '../shared/credentials';
import { CREDENTIAL_TYPE, graphTransport } from './transport';

/** The credential's account, opened as the core opens every account: for the node, the trigger and the editor. */
export async function openN8nAccount(context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions): Promise<OpenedAccount> {
	const credential = await context.getCredentials(CREDENTIAL_TYPE);
	return openAccount(credential as RawSettings, { transport: () => graphTransport(context, { ...credential }), sleep, log: (message) => context.logger.info(message) });
}

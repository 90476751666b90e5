import { sleep, type IExecuteFunctions, type IHookFunctions, type ILoadOptionsFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { openAccount, type OpenedAccount } from '../shared/account/open';
import type { RawSettings } from '../shared/credentials';
import { CREDENTIAL_TYPE, n8nTransport } from './transport';

/** The credential's account, opened as the core opens every account: for the node, the trigger and the editor. */
export async function openN8nAccount(context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions): Promise<OpenedAccount> {
	const raw = (await context.getCredentials(CREDENTIAL_TYPE)) as RawSettings;
	return openAccount(raw, { transport: () => n8nTransport(context), sleep, log: (message) => context.logger.info(message) });
}

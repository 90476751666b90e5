import { approvedTemplates, phoneNumberChoices } from '../shared/account/lookups';
import { ValidationError } from '../shared/graph/errors';
import { redact } from '../shared/secrets';
import { describeCatalog } from '../shared/catalog/describe';
import type { AccountNode } from './account';
import type { RED, Request, Response } from './red';

/**
 * The admin routes the send and manage nodes' forms use: the catalog, and what they look up
 * through a deployed config node as n8n's lists do (the account's phone numbers, its approved
 * templates with their fields).
 */
export function registerEditorRoutes(RED: RED) {
	const permission = RED.auth.needsPermission('whatsapp-platform-send.read');
	const lookup = (read: (account: AccountNode) => Promise<unknown>) => async (req: Request, res: Response) => {
		const account = RED.nodes.getNode(req.params.account) as AccountNode | null;
		if (!account?.client) return res.status(404).json({ error: 'Deploy the WhatsApp account (config node) first' });
		try {
			res.json(await read(account));
		} catch (error) {
			res.status(error instanceof ValidationError ? 400 : 502).json({ error: redact((error as Error).message, account.secrets) });
		}
	};

	RED.httpAdmin.get('/whatsapp-platform/catalog', permission, (_req, res) => res.json(describeCatalog()));
	RED.httpAdmin.get(
		'/whatsapp-platform/:account/phone-numbers',
		permission,
		lookup(async (account) => (await phoneNumberChoices(account)).map(({ value, label }) => ({ value, label }))),
	);
	RED.httpAdmin.get(
		'/whatsapp-platform/:account/templates',
		permission,
		lookup(async (account) => (await approvedTemplates(account)).map(({ value, name, language, fields }) => ({ value, label: `${name} (${language})`, fields }))),
	);
}

import { templateFields } from '../shared/catalog/message/support/templateValues';
import { collectPages } from '../shared/graph/paging';
import { redact } from '../shared/secrets';
import type { AccountNode } from './account';
import type { RED, Request, Response } from './red';

interface Template {
	name: string;
	language: string;
	status?: string;
	category?: string;
	components?: Array<Record<string, unknown>>;
}

/**
 * What the send node's form looks up through a deployed config node, as n8n's lists do: the
 * account's phone numbers, its approved templates (every page), and one template's fields.
 */
export function registerEditorLookups(RED: RED) {
	const permission = RED.auth.needsPermission('whatsapp-platform-send.read');
	const lookup = (handler: (account: AccountNode, req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
		const account = RED.nodes.getNode(req.params.account) as AccountNode | null;
		if (!account?.client) return res.status(404).json({ error: 'Deploy the WhatsApp account (config node) first' });
		if (!account.account.wabaId) return res.status(400).json({ error: 'Set the WhatsApp Business Account ID in the account' });
		try {
			res.json(await handler(account, req));
		} catch (error) {
			res.status(502).json({ error: redact((error as Error).message, account.secrets) });
		}
	};
	const list = <T>(account: AccountNode, edge: string, query: Record<string, string>) =>
		collectPages(account.client, { method: 'GET', path: `${account.account.wabaId}/${edge}`, query }, { returnAll: true, limit: 0 }) as Promise<T[]>;

	RED.httpAdmin.get(
		'/whatsapp-platform/:account/phone-numbers',
		permission,
		lookup(async (account) => {
			const numbers = await list<{ id: string; display_phone_number?: string; verified_name?: string }>(account, 'phone_numbers', { fields: 'id,display_phone_number,verified_name' });
			return numbers.map((n) => ({ value: n.id, label: `${n.verified_name ?? n.id} (+${(n.display_phone_number ?? '').replace(/^\+/, '')})` }));
		}),
	);
	RED.httpAdmin.get(
		'/whatsapp-platform/:account/templates',
		permission,
		lookup(async (account) => {
			const templates = await list<Template>(account, 'message_templates', { fields: 'name,language,status,category,components', status: 'APPROVED' });
			return templates
				.filter((t) => (t.status ?? 'APPROVED') === 'APPROVED')
				.map((t) => ({ value: `${t.name}|${t.language}`, label: `${t.name} (${t.language})`, fields: templateFields(t as never) }));
		}),
	);
}

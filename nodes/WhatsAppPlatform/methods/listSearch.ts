import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { editorGraph, matches } from './graph';

interface PhoneNumber {
	id: string;
	display_phone_number?: string;
	verified_name?: string;
}

interface Template {
	name: string;
	language: string;
	status?: string;
	category?: string;
}

/** The WABA's phone numbers, searchable by name or number; the value is the phone number ID. */
export async function searchPhoneNumbers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { list } = await editorGraph(this);
	const numbers = await list<PhoneNumber>('phone_numbers', { fields: 'id,display_phone_number,verified_name' });
	return {
		results: numbers
			.filter((n) => matches(filter, n.verified_name, n.display_phone_number, n.id))
			.map((n) => ({ name: `${n.verified_name ?? n.id} (+${(n.display_phone_number ?? '').replace(/^\+/, '')})`, value: n.id }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** The WABA's approved templates, every page; the value is name|language. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { list } = await editorGraph(this);
	const templates = await list<Template>('message_templates', { fields: 'name,language,status,category', status: 'APPROVED' });
	return {
		results: templates
			.filter((t) => (t.status ?? 'APPROVED') === 'APPROVED' && matches(filter, t.name, t.language))
			.map((t) => ({ name: `${t.name} (${t.language}, ${(t.category ?? '').toLowerCase()})`, value: `${t.name}|${t.language}` })),
	};
}

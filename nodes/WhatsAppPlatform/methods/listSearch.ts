import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { approvedTemplates, phoneNumberChoices } from '../../shared/account/lookups';
import { lookup, matches } from './lookup';

/** The WABA's phone numbers, searchable by name or number; the value is the phone number ID. */
export async function searchPhoneNumbers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const numbers = await lookup(this, phoneNumberChoices);
	return {
		results: numbers
			.filter((n) => matches(filter, n.verifiedName, n.displayPhoneNumber, n.value))
			.map((n) => ({ name: n.label, value: n.value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** The WABA's approved templates, every page; the value is name|language. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const templates = await lookup(this, approvedTemplates);
	return {
		results: templates
			.filter((t) => matches(filter, t.name, t.language))
			.map((t) => ({ name: `${t.name} (${t.language}, ${(t.category ?? '').toLowerCase()})`, value: t.value })),
	};
}

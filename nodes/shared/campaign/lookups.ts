import type { GraphRequest } from '../graph/client';

/** How long a number's tier and rating, or a template's category, are kept before they are read again. */
export const LOOKUP_TTL_MS = 10 * 60 * 1000;

export interface NumberInfo {
	tier?: string;
	quality?: string;
	/** Its digits: phone_number_quality_update names the number by it. */
	display?: string;
	at: number;
}

export interface TemplateInfo {
	category?: string;
}

type Lookup = <T>(request: GraphRequest) => Promise<T>;

/**
 * Reads kept for LOOKUP_TTL_MS per Graph host, shared by every node and execution of the process:
 * the guard asks for them on every template send, Meta is asked once per ten minutes.
 */
export class LookupCache {
	private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

	constructor(private readonly now: () => number) {}

	/** `GET /{phone-number-id}?fields=whatsapp_business_manager_messaging_limit,quality_rating,display_phone_number` (Meta's "Messaging limits" page). */
	number(phoneNumberId: string, lookup: Lookup): Promise<NumberInfo> {
		return this.kept(`number:${phoneNumberId}`, async () => {
			const data = await lookup<{ whatsapp_business_manager_messaging_limit?: string; quality_rating?: string; display_phone_number?: string }>({
				method: 'GET',
				path: phoneNumberId,
				query: { fields: 'whatsapp_business_manager_messaging_limit,quality_rating,display_phone_number' },
			});
			const display = data.display_phone_number?.replace(/\D/g, '');
			return { tier: data.whatsapp_business_manager_messaging_limit, quality: data.quality_rating, display, at: this.now() };
		});
	}

	/** The template's category from the WABA's template list, by name and language. */
	template(wabaId: string, name: string, language: string, lookup: Lookup): Promise<TemplateInfo> {
		return this.kept(`template:${wabaId}:${name}|${language}`, async () => {
			const page = await lookup<{ data?: Array<{ name?: string; language?: string; category?: string }> }>({
				method: 'GET',
				path: `${wabaId}/message_templates`,
				query: { name, fields: 'name,language,category' },
			});
			return { category: page.data?.find((t) => t.name === name && t.language === language)?.category };
		});
	}

	private kept<T>(key: string, read: () => Promise<T>): Promise<T> {
		const entry = this.entries.get(key);
		if (entry && this.now() - entry.at < LOOKUP_TTL_MS) return entry.value as Promise<T>;
		const value = read();
		this.entries.set(key, { at: this.now(), value });
		// A failed read is not kept: the next send asks again.
		value.catch(() => this.entries.delete(key));
		return value;
	}
}

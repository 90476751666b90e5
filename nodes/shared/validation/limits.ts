/** The platform's limits, named once (whatsapp-cloud-api.md §2, §4, §5). */
export const LIMITS = {
	textBody: 4096,
	caption: 1024,
	bizOpaqueCallbackData: 512,
	phoneDigitsMin: 7,
	phoneDigitsMax: 15,
} as const;

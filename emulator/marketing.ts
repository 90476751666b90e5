import type { EmulatorState, Template } from './state';

/**
 * The read-only ad entities onboarding to the Marketing Messages API links to each MARKETING
 * template (Meta's "Viewing metrics" page: ad_id, ad_adset_id, ad_campaign_id, ad_account_id on
 * the template). The emulator derives them from the template and the WABA: one ad per template,
 * one ad set and campaign per WABA.
 */
export function adEntities(state: EmulatorState, template: Template): Record<string, string> {
	if (template.category !== 'MARKETING' || state.marketingOnboarding !== 'ONBOARDED') return {};
	return { ad_id: `23${template.id}`, ad_adset_id: `24${state.wabaId}`, ad_campaign_id: `25${state.wabaId}`, ad_account_id: `26${state.wabaId}` };
}

/** Which templates an ad entity id stands for, or undefined when it is none. */
export function templatesOfEntity(state: EmulatorState, id: string): Template[] | undefined {
	const marketing = [...state.templates.values()].filter((t) => adEntities(state, t).ad_id);
	if (id === `24${state.wabaId}` || id === `25${state.wabaId}`) return marketing;
	const one = marketing.find((t) => adEntities(state, t).ad_id === id);
	return one ? [one] : undefined;
}

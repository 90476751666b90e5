import { LIMITS } from '../../../validation/limits';
import { bodyComponents, fail, type TemplateShape } from './parts';
import { textExamples } from './components';
import type { TemplateForm } from './form';

/**
 * A media card carousel (Meta's "Media card carousel templates" page): a body, then 2 to 10 cards,
 * each with an image or video sample, an optional body (on every card or on none) and up to two
 * buttons; every card has the same components.
 */

type Json = Record<string, unknown>;

export function carouselComponents(form: TemplateForm, shape: TemplateShape, handles: string[]): Json[] {
	const count = handles.length;
	if (count < LIMITS.carouselCardsMin || count > LIMITS.carouselCardsMax) {
		throw fail('Card Samples (cardMedia)', `must name ${LIMITS.carouselCardsMin} to ${LIMITS.carouselCardsMax} cards, one sample each, got ${count}`);
	}
	const bodies = form.cardBodies?.length ? form.cardBodies : undefined;
	if (bodies && bodies.length !== count) throw fail('Card Bodies (cardBodies)', `must have one text per card, on every card or on none: ${count} cards, got ${bodies.length}`);
	const buttons = cardButtons(form, count);
	const cards = handles.map((handle, index) => ({
		components: [
			{ type: 'HEADER', format: form.cardHeaderFormat ?? 'IMAGE', example: { header_handle: [handle] } },
			...(bodies ? [cardBody(bodies[index], index, shape, form.cardBodyExamples?.[index])] : []),
			...(buttons.length ? [{ type: 'BUTTONS', buttons: buttons.map((button) => button(index)) }] : []),
		],
	}));
	return [...bodyComponents(form, shape), { type: 'CAROUSEL', cards }];
}

function cardBody(text: string, index: number, shape: TemplateShape, examples: unknown): Json {
	const built = textExamples('body', text, shape.parameterFormat, examples);
	if (built?.problem) throw fail('Card Body Examples (cardBodyExamples)', `card ${index + 1}: ${built.problem}`);
	return { type: 'BODY', text, ...(built?.example ? { example: built.example } : {}) };
}

/** The buttons every card has, in the order quick reply, URL, call; each a function of the card's index (its URL example). */
function cardButtons(form: TemplateForm, count: number): Array<(index: number) => Json> {
	const buttons: Array<(index: number) => Json> = [];
	if (form.cardQuickReplyText) buttons.push(() => ({ type: 'QUICK_REPLY', text: form.cardQuickReplyText }));
	if (form.cardUrlButtonText || form.cardUrlButtonUrl) {
		if (!form.cardUrlButtonText) throw fail('Card URL Button Text (cardUrlButtonText)', 'is required with a card URL');
		if (!form.cardUrlButtonUrl) throw fail('Card URL Button URL (cardUrlButtonUrl)', 'is required with a card URL button');
		const url = form.cardUrlButtonUrl;
		const variable = /\{\{\s*1\s*\}\}$/.test(url);
		if (/\{\{/.test(url) && !variable) throw fail('Card URL Button URL (cardUrlButtonUrl)', 'may hold one variable, {{1}}, at its end');
		if (url.length > LIMITS.templateButtonUrl) throw fail('Card URL Button URL (cardUrlButtonUrl)', `must be at most ${LIMITS.templateButtonUrl} characters, got ${url.length}`);
		const examples = form.cardUrlExamples ?? [];
		if (variable && examples.length !== count) throw fail('Card URL Examples (cardUrlExamples)', `needs one sample value per card for {{1}}: ${count} cards, got ${examples.length}`);
		buttons.push((index) => ({ type: 'URL', text: form.cardUrlButtonText, url, ...(variable ? { example: [examples[index]] } : {}) }));
	}
	if (form.cardPhoneButtonText || form.cardPhoneNumber) {
		if (!form.cardPhoneButtonText) throw fail('Card Phone Button Text (cardPhoneButtonText)', 'is required with a card phone number');
		if (!form.cardPhoneNumber) throw fail('Card Phone Number (cardPhoneNumber)', 'is required with a card call button');
		buttons.push(() => ({ type: 'PHONE_NUMBER', text: form.cardPhoneButtonText, phone_number: form.cardPhoneNumber }));
	}
	if (buttons.length > LIMITS.carouselCardButtons) {
		throw fail('Card Quick Reply (cardQuickReplyText)', `a card has at most ${LIMITS.carouselCardButtons} buttons: choose two of the quick reply, URL and call buttons`);
	}
	return buttons;
}

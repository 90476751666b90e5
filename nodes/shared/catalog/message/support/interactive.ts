import { z } from 'zod';
import type { GraphRequest } from '../../../graph/client';
import { LIMITS } from '../../../validation/limits';
import { fmt, text } from '../../../validation/rules';
import { envelopeFromCloudApi, messageBody, refuseGroupPayload, type SendEnvelope } from '../../support/sendEnvelope';
import type { ParamSpec } from '../../types';
import { httpUrl } from './rules';

/** The parts every interactive message shares: header, body, footer (Meta's interactive message pages). */

const bodyHelp = (max: number) => `The message text, up to ${fmt(max)} characters.`;

export const bodyParam = (max: number): ParamSpec<string> => ({ label: 'Body', type: 'text', required: true, help: bodyHelp(max), schema: text(1, max) });

export const optionalBodyParam = (max: number): ParamSpec<string | undefined> => ({ label: 'Body', type: 'text', help: `Optional. ${bodyHelp(max)}`, schema: text(1, max).optional() });

export const footerParam: ParamSpec<string | undefined> = {
	label: 'Footer',
	type: 'string',
	help: `Optional small grey text under the body, up to ${LIMITS.footerText} characters.`,
	schema: text(1, LIMITS.footerText).optional(),
};

const headerHelp = `bold title above the body, up to ${LIMITS.headerText} characters.`;

export const headerTextParam: ParamSpec<string | undefined> = { label: 'Header Text', type: 'string', help: `Optional: a ${headerHelp}`, schema: text(1, LIMITS.headerText).optional() };

export const requiredHeaderTextParam: ParamSpec<string> = { label: 'Header Text', type: 'string', required: true, help: `The ${headerHelp}`, schema: text(1, LIMITS.headerText) };

export interface HeaderParams {
	headerType: 'none' | 'text' | 'image' | 'video' | 'document';
	headerText?: string;
	headerMedia?: string;
}

/** A header of text or media (reply buttons, CTA URL): media by link or by media id. */
export const headerParams = {
	headerType: {
		label: 'Header',
		type: 'options',
		default: 'none',
		options: ['none', 'text', 'image', 'video', 'document'].map((value) => ({ value, label: value[0].toUpperCase() + value.slice(1) })),
		help: 'An optional header: a text title, or an image, video or document (without caption).',
		schema: z.enum(['none', 'text', 'image', 'video', 'document'], { errorMap: () => ({ message: 'must be none, text, image, video or document' }) }).default('none'),
	},
	headerText: { ...headerTextParam, required: true, help: requiredHeaderTextParam.help, showWhen: { headerType: ['text'] } },
	headerMedia: {
		label: 'Header Media',
		type: 'string',
		required: true,
		showWhen: { headerType: ['image', 'video', 'document'] },
		help: 'A public http(s) link to the file, or a media ID.',
		placeholder: 'https://example.com/banner.jpg',
		schema: z.union([z.string().trim().regex(/^\d{1,32}$/), httpUrl], { errorMap: () => ({ message: 'must be an http(s) URL or a numeric media ID' }) }).optional(),
	},
} satisfies Record<keyof HeaderParams, ParamSpec<unknown>>;

export function header(params: HeaderParams) {
	if (params.headerType === 'text') return { type: 'text', text: params.headerText };
	if (params.headerType === 'none' || !params.headerMedia) return undefined;
	const media = /^\d+$/.test(params.headerMedia) ? { id: params.headerMedia } : { link: params.headerMedia };
	return { type: params.headerType, [params.headerType]: media };
}

/** Reads a Cloud API header back onto the header params. */
export function headerFromCloudApi(value: unknown): Partial<HeaderParams> {
	const head = value as { type?: string; text?: string } & Record<string, { id?: string; link?: string } | undefined>;
	if (!head?.type) return {};
	if (head.type === 'text') return { headerType: 'text', headerText: head.text };
	const media = head[head.type];
	return { headerType: head.type as HeaderParams['headerType'], headerMedia: media?.link ?? media?.id };
}

interface InteractiveParts {
	header?: unknown;
	body?: string;
	footer?: string;
	action: unknown;
}

/** The request for an interactive message of `type`; empty parts are left out. */
export function interactiveRequest(params: SendEnvelope & { phoneNumberId: string }, type: string, parts: InteractiveParts): GraphRequest {
	return {
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, 'interactive', {
			type,
			...(parts.header ? { header: parts.header } : {}),
			...(parts.body ? { body: { text: parts.body } } : {}),
			...(parts.footer ? { footer: { text: parts.footer } } : {}),
			action: parts.action,
		}),
	};
}

/** Reads the shared parts of an interactive Cloud API object of `type`, or undefined for others. */
export function interactiveFromCloudApi(payload: Record<string, unknown>, type: string) {
	if (payload.type !== 'interactive') return undefined;
	refuseGroupPayload(payload);
	const object = (payload.interactive ?? {}) as { type?: string; body?: { text?: string }; footer?: { text?: string }; header?: { text?: string }; action?: Record<string, unknown> };
	if (object.type !== type) return undefined;
	return {
		values: { ...envelopeFromCloudApi(payload), body: object.body?.text, footer: object.footer?.text },
		header: object.header,
		action: object.action ?? {},
	};
}

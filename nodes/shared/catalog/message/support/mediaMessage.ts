import { z } from 'zod';
import type { GraphRequest } from '../../../graph/client';
import { LIMITS } from '../../../validation/limits';
import { numericId, text } from '../../../validation/rules';
import type { MediaKind } from '../../media/support/kinds';
import { uploadFromFlow } from '../../media/support/uploadFromFlow';
import { sendOutput } from '../../support/outputs';
import { envelopeFromCloudApi, groupSendParams, messageBody, sendParams, type RecipientType, type SendEnvelope } from '../../support/sendEnvelope';
import { defineOperation, type ParamSpec } from '../../types';
import { FREE_FORM_NOTICE } from './notices';
import { httpUrl } from './rules';

export interface MediaSourceParams {
	mediaSource: 'link' | 'id' | 'file';
	mediaLink?: string;
	mediaId?: string;
	fileProperty?: string;
}

const fromSource = (values: string[]) => ({ mediaSource: values });

/** How a media message gets its file: a public link, an uploaded media id, or the flow's own data. */
const mediaSourceParams = {
	mediaSource: {
		label: 'Media Source',
		type: 'options',
		default: 'link',
		options: [
			{ value: 'link', label: 'Link', help: 'A public http(s) URL Meta downloads the file from' },
			{ value: 'id', label: 'Media ID', help: 'The ID of a file uploaded before (valid for 30 days)' },
			{ value: 'file', label: 'File From the Flow', help: 'n8n binary data or a Node-RED Buffer, uploaded first' },
		],
		help: 'Where the file comes from. A file from the flow is uploaded first, then sent by its media ID.',
		schema: z.enum(['link', 'id', 'file'], { errorMap: () => ({ message: 'must be link, id or file' }) }).default('link'),
	},
	mediaLink: {
		label: 'Media Link',
		type: 'string',
		required: true,
		showWhen: fromSource(['link']),
		help: 'A public http(s) URL of the file. Meta caches a URL for 10 minutes.',
		placeholder: 'https://example.com/photo.jpg',
		schema: httpUrl.optional(),
	},
	mediaId: {
		label: 'Media ID',
		type: 'string',
		required: true,
		showWhen: fromSource(['id']),
		help: 'The ID returned by Media > Upload, or from an incoming message.',
		placeholder: '1037543291543636',
		schema: numericId.optional(),
	},
	fileProperty: {
		label: 'Input Binary Field',
		type: 'file',
		default: 'data',
		showWhen: fromSource(['file']),
		help: 'n8n: the binary property holding the file. Node-RED: the msg property holding a Buffer (payload by default).',
		schema: text(1, 200).optional(),
	},
} satisfies Record<keyof MediaSourceParams, ParamSpec<unknown>>;

export const captionParam: ParamSpec<string | undefined> = {
	label: 'Caption',
	type: 'text',
	help: `Optional text under the media, up to ${LIMITS.caption.toLocaleString('en-US')} characters.`,
	schema: text(1, LIMITS.caption).optional(),
};

/** `{id}` or `{link}` for the media object. */
function mediaObject(params: MediaSourceParams) {
	return params.mediaSource === 'link' ? { link: params.mediaLink } : { id: params.mediaId };
}

interface MediaMessageOptions<P> {
	kind: MediaKind;
	label: string;
	help: string;
	extra: { [K in keyof P]-?: ParamSpec<P[K]> };
	/** The type object's own fields besides id/link: caption, filename, voice. */
	fields: (params: P) => Record<string, unknown>;
	fromFields: (object: Record<string, unknown>) => Partial<Record<keyof P, unknown>>;
	/** Whether a group may receive it (Meta's Group messaging page): adds Recipient Type, and `to` may be a group ID. */
	group?: boolean;
}

/**
 * One media message operation (image, video, audio, document, sticker): by link, by id, or from
 * the flow's own data, which is uploaded first and then sent by its id.
 */
export function mediaMessage<E>(options: MediaMessageOptions<E>) {
	type P = SendEnvelope & { recipientType?: RecipientType } & MediaSourceParams & E;
	const { kind } = options;
	const request = (params: P): GraphRequest => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, kind, { ...mediaObject(params), ...stripEmpty(options.fields(params)) }),
	});
	return defineOperation<P>({
		operation: `send${kind[0].toUpperCase()}${kind.slice(1)}`,
		label: options.label,
		action: `Send ${kind === 'image' || kind === 'audio' ? 'an' : 'a'} ${kind} message`,
		help: options.help,
		notice: FREE_FORM_NOTICE,
		sends: kind === 'audio' ? kind : `${kind}s`,
		params: (options.group ? groupSendParams : sendParams)({ ...mediaSourceParams, ...options.extra }) as never,
		pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
		run: async (params, context, send) => {
			let values = params;
			let uploaded: { mediaId: string } | undefined;
			if (params.mediaSource === 'file') {
				const field = `${mediaSourceParams.fileProperty.label} (fileProperty)`;
				const { id } = await uploadFromFlow(context, send, params.phoneNumberId, field, params.fileProperty ?? 'data', kind);
				values = { ...params, mediaSource: 'id', mediaId: id };
				uploaded = { mediaId: id };
			}
			return { ...sendOutput(await send(request(values))), ...uploaded };
		},
		fromCloudApi: (payload) => {
			if (payload.type !== kind) return undefined;
			const object = (payload[kind] ?? {}) as Record<string, unknown>;
			const source = object.link !== undefined ? { mediaSource: 'link', mediaLink: object.link } : { mediaSource: 'id', mediaId: object.id };
			return { ...envelopeFromCloudApi(payload), ...source, ...options.fromFields(object) };
		},
	});
}

function stripEmpty(object: Record<string, unknown>) {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== ''));
}

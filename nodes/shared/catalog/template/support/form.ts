import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { text } from '../../../validation/rules';
import { httpUrl } from '../../message/support/rules';
import { booleanParam, jsonOf, listOf, oneOf, options } from '../../support/fields';
import { uploadHandle, type MediaSource } from '../../support/uploadSources';
import type { ParamSpecs } from '../../types';
import { bodyText, buttons, footerText, headerText, type Button } from './components';

/**
 * The form fields of a template's content, shared by Create and by Update's "Form Fields" mode:
 * header (text, media from a handle, a URL or the flow, location), body and examples, footer,
 * buttons, and the fields of a media card carousel and of a limited-time offer. Create shows them
 * by category; Update shows them all when it edits with form fields (the template's category is
 * read then).
 */

export const headerFormats = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export const templateTypes = ['standard', 'carousel', 'limitedTimeOffer'] as const;
const mediaSources = ['handle', 'url', 'file'] as const;

export interface TemplateForm {
	templateType?: (typeof templateTypes)[number];
	headerFormat?: (typeof headerFormats)[number];
	headerText?: string;
	headerExample?: string;
	headerMediaSource?: MediaSource;
	headerHandle?: string;
	headerMediaUrl?: string;
	headerFileProperty?: string;
	offerText?: string;
	offerHasExpiration?: boolean;
	body?: string;
	bodyExamples?: unknown;
	footer?: string;
	buttons?: Button[];
	offerCode?: string;
	offerUrlButtonText?: string;
	offerUrlButtonUrl?: string;
	offerUrlExample?: string;
	cardHeaderFormat?: 'IMAGE' | 'VIDEO';
	cardMediaSource?: MediaSource;
	cardMedia?: string[];
	cardBodies?: string[];
	cardBodyExamples?: unknown[];
	cardQuickReplyText?: string;
	cardUrlButtonText?: string;
	cardUrlButtonUrl?: string;
	cardUrlExamples?: string[];
	cardPhoneButtonText?: string;
	cardPhoneNumber?: string;
}

type Show = Record<string, Array<string | boolean>>;

const buttonLabel = text(1, LIMITS.templateButtonLabel);
const examplesJson = jsonOf(z.union([z.array(z.union([z.string(), z.number()])), z.record(z.string())], { errorMap: () => ({ message: 'must be a JSON array (positional) or object (named)' }) }).optional());

/** Cards' bodies: a JSON array of texts, or one text per line. */
const cardBodiesSchema = z
	.union([z.string(), z.array(z.unknown())], { invalid_type_error: 'must be one card body per line, or a JSON array of texts' })
	.transform((value, ctx) => {
		if (Array.isArray(value)) return value.map(String);
		if (value.trim().startsWith('[')) {
			try {
				return (JSON.parse(value) as unknown[]).map(String);
			} catch (error) {
				ctx.addIssue({ code: 'custom', message: `is not a valid JSON array (${(error as Error).message})` });
				return z.NEVER;
			}
		}
		return value.split('\n').map((line) => line.trim()).filter(Boolean);
	})
	.superRefine((bodies, ctx) => {
		const long = bodies.findIndex((body) => body.length > LIMITS.carouselCardBody);
		if (long >= 0) ctx.addIssue({ code: 'custom', message: `card ${long + 1}: must be at most ${LIMITS.carouselCardBody} characters, got ${bodies[long].length}` });
	});

/**
 * The content fields. `mode` create: shown by category (text and media for marketing and utility,
 * the fixed body's options for authentication); update: all shown while Edit With is Form Fields.
 */
export function templateFormParams(mode: 'create' | 'update'): ParamSpecs<TemplateForm> {
	const byCategory = (categories: string[]): Show => (mode === 'create' ? { category: categories } : {});
	const show = (conditions: Show): Show => (mode === 'update' ? { editWith: ['fields'], ...conditions } : conditions);
	const marketingOrUtility = byCategory(['MARKETING', 'UTILITY']);
	const ofType = (...types: Array<(typeof templateTypes)[number]>): Show => ({ templateType: types });
	const media: Show = { headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'] };
	const fromSource = (source: MediaSource): Show => ({ ...media, headerMediaSource: [source] });
	const cards = show(ofType('carousel'));
	const offer = show(ofType('limitedTimeOffer'));
	return {
		templateType: {
			label: 'Template Type',
			type: 'options',
			default: 'standard',
			// Always shown (with its default) where the content is: fields that depend on it must see its value in n8n too.
			showWhen: show({}),
			options: [
				{ value: 'standard', label: 'Standard', help: 'Header, body, footer and buttons' },
				{ value: 'carousel', label: 'Media Card Carousel', help: 'A body and 2 to 10 cards, each with an image or video' },
				{ value: 'limitedTimeOffer', label: 'Limited-Time Offer', help: 'An offer with an expiry countdown and an offer code' },
			],
			help: 'Standard for every category; a MARKETING template may also be a media card carousel or a limited-time offer.',
			schema: oneOf(templateTypes).default('standard'),
		},
		headerFormat: {
			label: 'Header',
			showWhen: show({ ...marketingOrUtility, ...ofType('standard', 'limitedTimeOffer') }),
			type: 'options',
			default: 'NONE',
			options: options(headerFormats, { NONE: 'None' }),
			help: 'An optional header: text (60 characters), an image, video or document sample, or a location. A limited-time offer takes an image or a video.',
			schema: oneOf(headerFormats).default('NONE'),
		},
		headerText: { label: 'Header Text', type: 'string', showWhen: show({ headerFormat: ['TEXT'] }), help: 'Up to 60 characters and at most one variable.', schema: headerText.optional() },
		headerExample: { label: 'Header Example', type: 'string', showWhen: show({ headerFormat: ['TEXT'] }), help: 'A sample value for the header variable, if it has one.', schema: z.string().optional() },
		headerMediaSource: {
			label: 'Header Sample From',
			type: 'options',
			default: 'handle',
			showWhen: show(media),
			options: [
				{ value: 'handle', label: 'Handle', help: 'A handle from Upload > Upload File' },
				{ value: 'url', label: 'URL', help: 'A public URL, uploaded first' },
				{ value: 'file', label: 'File From the Flow', help: 'n8n binary data or a Node-RED Buffer, uploaded first' },
			],
			help: 'Where the header\'s sample comes from. A URL or the flow\'s file is uploaded through the Resumable Upload API first (the credential needs the App ID).',
			schema: oneOf(mediaSources).default('handle'),
		},
		headerHandle: {
			label: 'Header Media Handle',
			type: 'string',
			showWhen: show(fromSource('handle')),
			help: 'The handle (4::…) of a sample file from the Resumable Upload API (Upload > Upload File).',
			placeholder: '4::aW1hZ2UvanBlZw==:ARb…',
			schema: uploadHandle.optional(),
		},
		headerMediaUrl: { label: 'Header Media URL', type: 'string', showWhen: show(fromSource('url')), help: 'A public http(s) URL of the sample: JPEG or PNG up to 5 MB, MP4 up to 16 MB, PDF up to 100 MB.', placeholder: 'https://example.com/sample.jpg', schema: httpUrl.optional() },
		headerFileProperty: {
			label: 'Header Input Binary Field',
			type: 'file',
			default: 'data',
			showWhen: show(fromSource('file')),
			help: 'n8n: the binary property holding the sample. Node-RED: the msg property holding a Buffer (payload by default).',
			schema: text(1, 200).optional(),
		},
		offerText: { label: 'Offer Text', type: 'string', showWhen: offer, help: `The offer's heading, up to ${LIMITS.offerText} characters.`, placeholder: 'Expiring offer!', schema: text(1, LIMITS.offerText).optional() },
		offerHasExpiration: { ...booleanParam('Offer Has Expiration', 'Whether the message shows the offer\'s expiry countdown; then the offer code is required (its expiry is given at send time).'), showWhen: offer },
		body: {
			label: 'Body',
			type: 'text',
			showWhen: show(marketingOrUtility),
			help: `Required: up to 1,024 characters (${LIMITS.offerBody} for a limited-time offer), with variables such as {{1}} or {{first_name}}; variables may not start or end the text.`,
			schema: bodyText.optional(),
		},
		bodyExamples: {
			label: 'Body Examples',
			showWhen: show(marketingOrUtility),
			type: 'json',
			help: 'Sample values for the body variables: ["Pablo", "860198"] for positional, {"first_name": "Pablo"} for named.',
			schema: examplesJson,
		},
		footer: { label: 'Footer', type: 'string', showWhen: show({ ...marketingOrUtility, ...ofType('standard') }), help: 'Optional text under the body, up to 60 characters.', schema: footerText.optional() },
		buttons: {
			label: 'Buttons',
			type: 'json',
			showWhen: show(ofType('standard')),
			help: 'Optional JSON array: [{"type":"QUICK_REPLY","text":"Stop"}, {"type":"URL","text":"Track","url":"https://x.com/t/{{1}}","example":["https://x.com/t/A1"]}, {"type":"PHONE_NUMBER","text":"Call","phone_number":"15550051310"}, {"type":"COPY_CODE","example":"25OFF"}]. At most 10; quick replies grouped.',
			schema: jsonOf(buttons.optional()),
		},
		offerCode: { label: 'Offer Code Example', type: 'string', showWhen: offer, help: `A sample offer code for its Copy Code button, up to ${LIMITS.offerCode} characters; required when the offer has an expiration.`, placeholder: 'CARIBE25', schema: text(1, LIMITS.offerCode).optional() },
		offerUrlButtonText: { label: 'URL Button Text', type: 'string', showWhen: offer, help: 'The label of the offer\'s URL button, up to 25 characters.', placeholder: 'Book now!', schema: buttonLabel.optional() },
		offerUrlButtonUrl: { label: 'URL Button URL', type: 'string', showWhen: offer, help: 'The URL the button opens; it may end with one variable, {{1}}.', placeholder: 'https://example.com/offers?code={{1}}', schema: httpUrl.optional() },
		offerUrlExample: { label: 'URL Example', type: 'string', showWhen: offer, help: 'The whole URL with a sample value for its variable, when it has one.', placeholder: 'https://example.com/offers?code=CARIBE25', schema: httpUrl.optional() },
		cardHeaderFormat: {
			label: 'Card Media',
			type: 'options',
			default: 'IMAGE',
			showWhen: cards,
			options: [
				{ value: 'IMAGE', label: 'Image' },
				{ value: 'VIDEO', label: 'Video' },
			],
			help: 'Every card has an image, or every card a video.',
			schema: oneOf(['IMAGE', 'VIDEO'] as const).default('IMAGE'),
		},
		cardMediaSource: {
			label: 'Card Samples From',
			type: 'options',
			default: 'handle',
			showWhen: cards,
			options: [
				{ value: 'handle', label: 'Handles' },
				{ value: 'url', label: 'URLs' },
				{ value: 'file', label: 'Files From the Flow' },
			],
			help: 'Where the cards\' samples come from: handles from Upload > Upload File, public URLs, or the flow\'s files (binary properties, msg properties), uploaded first.',
			schema: oneOf(mediaSources).default('handle'),
		},
		cardMedia: {
			label: 'Card Samples',
			type: 'text',
			showWhen: cards,
			help: `One per card, ${LIMITS.carouselCardsMin} to ${LIMITS.carouselCardsMax}, comma- or line-separated: handles, URLs or binary property / msg property names. Their number is the number of cards.`,
			placeholder: 'card1, card2, card3',
			schema: listOf(z.string()).optional(),
		},
		cardBodies: { label: 'Card Bodies', type: 'text', showWhen: cards, help: `Optional: one text per card (one per line, or a JSON array), each up to ${LIMITS.carouselCardBody} characters; all cards or none.`, schema: cardBodiesSchema.optional() },
		cardBodyExamples: {
			label: 'Card Body Examples',
			type: 'json',
			showWhen: cards,
			help: 'Sample values for the cards\' body variables, one entry per card: [["Blue Elf"], ["Buddha"]] (positional) or [{"plant": "Blue Elf"}, …] (named).',
			schema: jsonOf(z.array(z.unknown(), { invalid_type_error: 'must be a JSON array with one entry per card' }).optional()),
		},
		cardQuickReplyText: { label: 'Card Quick Reply', type: 'string', showWhen: cards, help: 'Optional: the label of a quick-reply button on every card, up to 25 characters. Each card has at most 2 buttons.', placeholder: 'Send more like this', schema: buttonLabel.optional() },
		cardUrlButtonText: { label: 'Card URL Button Text', type: 'string', showWhen: cards, help: 'Optional: the label of a URL button on every card.', placeholder: 'Shop', schema: buttonLabel.optional() },
		cardUrlButtonUrl: { label: 'Card URL Button URL', type: 'string', showWhen: cards, help: 'The URL the cards\' button opens; it may end with {{1}}, filled per card.', placeholder: 'https://example.com/plants/{{1}}', schema: httpUrl.optional() },
		cardUrlExamples: { label: 'Card URL Examples', type: 'string', showWhen: cards, help: 'When the URL ends with {{1}}: a sample value per card, comma-separated.', placeholder: 'blue-elf, buddha', schema: listOf(z.string()).optional() },
		cardPhoneButtonText: { label: 'Card Phone Button Text', type: 'string', showWhen: cards, help: 'Optional: the label of a call button on every card.', placeholder: 'Call', schema: buttonLabel.optional() },
		cardPhoneNumber: {
			label: 'Card Phone Number',
			type: 'string',
			showWhen: cards,
			help: 'The number the cards\' call button dials, with its country code, up to 20 digits.',
			placeholder: '+15550051310',
			schema: z
				.string()
				.trim()
				.refine((value) => /^\+?\d{1,20}$/.test(value), { message: 'must be a phone number of up to 20 digits with its country code' })
				.optional(),
		},
	};
}

/** The fixed body's options of an authentication template (Create only). */
export interface AuthenticationForm {
	addSecurityRecommendation?: boolean;
	codeExpirationMinutes?: number;
}

export const authenticationParams: ParamSpecs<AuthenticationForm> = {
	addSecurityRecommendation: {
		label: 'Add Security Recommendation',
		type: 'boolean',
		default: false,
		showWhen: { category: ['AUTHENTICATION'] },
		help: 'Whether to add "For your security, do not share this code." to the fixed body.',
		schema: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
	},
	codeExpirationMinutes: {
		label: 'Code Expiration Minutes',
		type: 'number',
		showWhen: { category: ['AUTHENTICATION'] },
		help: 'Optional: 1 to 90; the footer then says when the code expires. 0: no expiry line.',
		// n8n's number fields hold 0 when left alone: that means none.
		schema: z.preprocess(
			(value) => (value === 0 || value === '0' ? undefined : value),
			z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 90 minutes').max(90, 'must be 1 to 90 minutes').optional(),
		),
	},
};

/** Wait for Approval and its limits, for Create and Update. */
export interface ReviewWaitParams {
	waitForApproval: boolean;
	approvalTimeoutMinutes: number;
	pollIntervalSeconds: number;
}

const whole = (min: number, max: number, unit: string, fallback: number) =>
	z.coerce
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(min, `must be ${min} to ${max} ${unit}`)
		.max(max, `must be ${min} to ${max} ${unit}`)
		.default(fallback);

export const reviewWaitParams: ParamSpecs<ReviewWaitParams> = {
	waitForApproval: booleanParam(
		'Wait for Approval',
		'Whether to wait for Meta\'s review (APPROVED or REJECTED, with the reason): from the template status webhook while a WhatsApp trigger of this WABA is active in this process, else by reading the template now and then.',
	),
	approvalTimeoutMinutes: {
		label: 'Approval Time Limit (Minutes)',
		type: 'number',
		default: 30,
		showWhen: { waitForApproval: [true] },
		help: `How long to wait, 1 to ${LIMITS.reviewWaitMinutesMax} minutes (a review takes up to 24 hours). Past it the item reports the template still PENDING.`,
		schema: whole(1, LIMITS.reviewWaitMinutesMax, 'minutes', 30),
	},
	pollIntervalSeconds: {
		label: 'Poll Interval (Seconds)',
		type: 'number',
		default: 60,
		showWhen: { waitForApproval: [true] },
		help: 'Without an active trigger: how often to read the template, 5 to 3,600 seconds. Each read counts against the WABA\'s hourly budget.',
		schema: whole(5, 3600, 'seconds', 60),
	},
};

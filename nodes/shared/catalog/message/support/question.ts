import { z } from 'zod';
import { MAX_WAIT_DAYS, MAX_WAIT_MS, type MatchBy } from '../../../conversation/model';
import { ValidationError } from '../../../graph/errors';
import { LIMITS } from '../../../validation/limits';
import { fmt, text } from '../../../validation/rules';
import { booleanParam, oneOf } from '../../support/fields';
import type { ParamSpec } from '../../types';
import { sendButtons } from '../sendButtons';
import { sendFlow } from '../sendFlow';
import { sendList } from '../sendList';
import { sendTemplate } from '../sendTemplate';
import { bodyParam, footerParam, headerTextParam } from './interactive';

/** The kinds of question: each comes back in its own reply (button_reply, list_reply, text, a template's quick reply, nfm_reply). */
export const QUESTION_TYPES = ['buttons', 'list', 'text', 'template', 'flow'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const only = (...types: QuestionType[]) => ({ questionType: types });
/** A field of another send, shown for its kind of question only (its own conditions kept). */
const forQuestion = <T>(spec: ParamSpec<T>, ...types: QuestionType[]): ParamSpec<T> => ({ ...spec, showWhen: { ...only(...types), ...spec.showWhen } });

const bodyMax = (type: unknown) => (type === 'buttons' || type === 'flow' ? LIMITS.interactiveBody : LIMITS.listBody);

/** The question's own fields: its kind, then the fields of the send that asks it. */
export const questionParams = {
	questionType: {
		label: 'Question Type',
		type: 'options',
		default: 'buttons',
		options: [
			{ value: 'buttons', label: 'Reply Buttons', help: `Up to ${LIMITS.replyButtons} buttons; the answer is the button tapped` },
			{ value: 'list', label: 'List', help: `A menu of up to ${LIMITS.listRows} rows; the answer is the row picked` },
			{ value: 'text', label: 'Free Text', help: 'A text; the answer is what the user writes' },
			{ value: 'template', label: 'Template', help: 'An approved template with quick-reply buttons: reaches the user outside the 24-hour window too' },
			{ value: 'flow', label: 'Flow', help: 'A WhatsApp Flow (a form); the answer is what the Flow returns' },
		],
		help: 'How the user answers: a reply button, a list row, free text, a template\'s quick-reply button or a Flow.',
		schema: oneOf(QUESTION_TYPES).default('buttons'),
	} as ParamSpec<QuestionType>,
	headerText: forQuestion(headerTextParam, 'buttons', 'list', 'flow'),
	body: {
		...bodyParam(LIMITS.listBody),
		help: `The question, up to ${fmt(LIMITS.interactiveBody)} characters (${fmt(LIMITS.listBody)} for free text and lists).`,
		showWhen: only('buttons', 'list', 'text', 'flow'),
		schemaFor: (earlier: Record<string, unknown>) => text(1, bodyMax(earlier.questionType)),
	} as ParamSpec<string>,
	footer: forQuestion(footerParam, 'buttons', 'list', 'flow'),
	buttons: forQuestion(sendButtons.params.buttons, 'buttons'),
	buttonText: forQuestion(sendList.params.buttonText, 'list'),
	sections: forQuestion(sendList.params.sections, 'list'),
	template: forQuestion(sendTemplate.params.template, 'template'),
	language: forQuestion(sendTemplate.params.language, 'template'),
	templateParameters: forQuestion(sendTemplate.params.templateParameters, 'template'),
	components: forQuestion(sendTemplate.params.components, 'template'),
	flowId: forQuestion(sendFlow.params.flowId, 'flow'),
	flowName: forQuestion(sendFlow.params.flowName, 'flow'),
	flowCta: forQuestion(sendFlow.params.flowCta, 'flow'),
	flowToken: forQuestion(sendFlow.params.flowToken, 'flow'),
	mode: forQuestion(sendFlow.params.mode, 'flow'),
	flowAction: forQuestion(sendFlow.params.flowAction, 'flow'),
	screen: forQuestion(sendFlow.params.screen, 'flow'),
	flowData: forQuestion(sendFlow.params.flowData, 'flow'),
};

export type WaitUnit = 'seconds' | 'minutes' | 'hours' | 'days';
export type OnTimeout = 'output' | 'fail';

export interface WaitParams {
	matchBy: MatchBy;
	limitWaitTime: boolean;
	waitAmount?: number;
	waitUnit?: WaitUnit;
	onTimeout?: OnTimeout;
}

const UNIT_MS: Record<WaitUnit, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const limited = { limitWaitTime: [true] };

/** How the answer is recognised and how long it is waited for. */
export const waitParams: { [K in keyof WaitParams]-?: ParamSpec<WaitParams[K]> } = {
	matchBy: {
		label: 'Answer Is',
		type: 'options',
		default: 'quote',
		options: [
			{ value: 'quote', label: 'A Reply to the Question', help: 'A tap, a list pick, a Flow answer, or a message that quotes the question' },
			{ value: 'nextMessage', label: 'The Next Message From the Recipient', help: 'Also whatever the recipient writes next to this number, quoted or not (free text)' },
		],
		help: 'Which message answers the question: one that replies to it (taps, list picks and Flow answers always do), or also the recipient\'s next message to this number, which suits free-text questions.',
		schema: oneOf(['quote', 'nextMessage'] as const).default('quote'),
	},
	limitWaitTime: booleanParam('Limit Wait Time', `Whether to stop waiting after a while (at most ${MAX_WAIT_DAYS} days). Without a limit, a question waits until it is answered.`),
	waitAmount: {
		label: 'Wait Amount',
		type: 'number',
		default: 1,
		showWhen: limited,
		help: 'How long to wait for the answer, in the unit below.',
		schema: z.number({ invalid_type_error: 'must be a number' }).positive('must be more than 0').default(1),
	},
	waitUnit: {
		label: 'Wait Unit',
		type: 'options',
		default: 'hours',
		showWhen: limited,
		options: (['seconds', 'minutes', 'hours', 'days'] as const).map((value) => ({ value, label: value[0].toUpperCase() + value.slice(1) })),
		help: 'The unit of the wait amount.',
		schema: oneOf(['seconds', 'minutes', 'hours', 'days'] as const).default('hours'),
	},
	onTimeout: {
		label: 'When Time Runs Out',
		type: 'options',
		default: 'output',
		showWhen: limited,
		options: [
			{ value: 'output', label: 'Continue on the Timed Out Output', help: 'The item leaves on the second output' },
			{ value: 'fail', label: 'Fail the Item', help: 'The item fails with an error naming the limit' },
		],
		help: 'What happens to a question that got no answer in time: it continues on the Timed Out output, or it fails.',
		schema: oneOf(['output', 'fail'] as const).default('output'),
	},
};

/** A validated wait: how answers match, until when it waits (none: no limit), what a timeout does. */
export interface WaitSettings {
	matchBy: MatchBy;
	waitMs?: number;
	onTimeout: OnTimeout;
}

export function waitSettings(params: WaitParams): WaitSettings {
	const waitMs = params.limitWaitTime ? (params.waitAmount ?? 1) * UNIT_MS[params.waitUnit ?? 'hours'] : undefined;
	return { matchBy: params.matchBy, waitMs, onTimeout: params.onTimeout ?? 'output' };
}

/** Refuses a wait longer than an answer can usefully take. */
export function checkWaitTime(params: WaitParams) {
	const { waitMs } = waitSettings(params);
	if (waitMs !== undefined && waitMs > MAX_WAIT_MS) {
		const days = Math.round((waitMs / 86_400_000) * 10) / 10;
		throw new ValidationError(
			'Wait Amount (waitAmount)',
			`is ${days} days; a question waits at most ${MAX_WAIT_DAYS} days (Meta stops trying to deliver a message after 30 days)`,
		);
	}
}

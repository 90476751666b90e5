import { templateRequest } from '../catalog/message/support/templateSend';
import type { ServiceWindowParams } from '../catalog/support/serviceWindow';
import type { GraphRequest } from '../graph/client';
import type { RunContext } from './context';

/** A free-form send refused before any request: the recipient's 24-hour window is closed. */
export class OutsideWindowError extends Error {
	constructor(to: string, phoneNumberId: string) {
		super(
			`${to} is outside the 24-hour customer service window of phone number ${phoneNumberId}: the user has not written or called it ` +
				'within 24 hours, as far as this account\'s trigger or webhook node heard. Nothing was sent. ' +
				'Only templates reach the user now: send a template, or set Outside the 24-Hour Window to Send a Template Instead.',
		);
		this.name = 'OutsideWindowError';
	}
}

interface WindowedSend extends Partial<ServiceWindowParams> {
	phoneNumberId?: string;
	to?: string;
	recipientType?: string;
	replyTo?: string;
	trackingData?: string;
}

/**
 * Checks a free-form send against the recipient's window, when its Outside the 24-Hour Window
 * option asks to (groups are not tracked: they always go). Nothing to do when the window is open
 * or the option is Send Anyway; throws for Fail Before Sending; gives the template request to send
 * instead for Send a Template Instead.
 */
export async function checkServiceWindow(params: WindowedSend, context: RunContext): Promise<GraphRequest | undefined> {
	const { outsideWindow, phoneNumberId, to } = params;
	if (!outsideWindow || outsideWindow === 'send' || params.recipientType === 'group' || !phoneNumberId || !to) return undefined;
	const now = context.now?.() ?? Date.now();
	const lastHeard = await context.conversations?.lastHeard(phoneNumberId, to.replace(/^\+/, ''), now);
	if (lastHeard !== undefined) return undefined;
	if (outsideWindow === 'fail') throw new OutsideWindowError(to, phoneNumberId);
	return templateRequest(
		{
			phoneNumberId,
			to,
			replyTo: params.replyTo,
			trackingData: params.trackingData,
			template: params.fallbackTemplate ?? '',
			language: params.fallbackLanguage ?? 'en_US',
			templateParameters: params.fallbackParameters ?? [],
		},
		'messages',
	);
}

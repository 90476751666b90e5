import { markRead } from './markRead';
import { sendAudio } from './sendAudio';
import { sendButtons } from './sendButtons';
import { sendCallButton } from './sendCallButton';
import { sendContacts } from './sendContacts';
import { sendCtaUrl } from './sendCtaUrl';
import { sendDocument } from './sendDocument';
import { sendFlow } from './sendFlow';
import { sendImage } from './sendImage';
import { sendList } from './sendList';
import { sendLocation } from './sendLocation';
import { sendLocationRequest } from './sendLocationRequest';
import { sendMarketingTemplate } from './sendMarketingTemplate';
import { sendProduct } from './sendProduct';
import { sendProductList } from './sendProductList';
import { sendReaction } from './sendReaction';
import { sendSticker } from './sendSticker';
import { sendTemplate } from './sendTemplate';
import { sendVideo } from './sendVideo';
import { sendText } from './sendText';
import { FREE_FORM_NOTICE, TEMPLATE_NOTICE } from '../params';
import type { AnyOperation } from '../types';

const templates = new Set<AnyOperation>([sendTemplate, sendMarketingTemplate]);
const noNotice = new Set<AnyOperation>([markRead]);

/** The Message resource, in the order the operation lists show it. */
const operations: AnyOperation[] = [
	sendText,
	sendTemplate,
	sendImage,
	sendVideo,
	sendAudio,
	sendDocument,
	sendSticker,
	sendLocation,
	sendContacts,
	sendReaction,
	sendButtons,
	sendList,
	sendCtaUrl,
	sendCallButton,
	sendLocationRequest,
	sendFlow,
	sendProduct,
	sendProductList,
	sendMarketingTemplate,
	markRead,
];

/** The envelope's optional fields: both forms show them after the message's own fields. */
const OPTIONAL_ENVELOPE = ['replyTo', 'trackingData'];

function optionalEnvelopeLast(op: AnyOperation): AnyOperation {
	const entries = Object.entries(op.params);
	const last = (name: string) => OPTIONAL_ENVELOPE.includes(name);
	return { ...op, params: Object.fromEntries([...entries.filter(([name]) => !last(name)), ...entries.filter(([name]) => last(name))]) };
}

/** Each send with the platform trap its form points out (the 24-hour window, or template approval), its optional envelope fields last. */
export const messageOperations: AnyOperation[] = operations.map((op) =>
	optionalEnvelopeLast(noNotice.has(op) || op.notice ? op : { ...op, notice: templates.has(op) ? TEMPLATE_NOTICE : FREE_FORM_NOTICE }),
);

import { defineResource } from '../types';
import { markMessageRead } from './markRead';
import { sendAndWaitForReply } from './sendAndWaitForReply';
import { sendAudio } from './sendAudio';
import { sendButtons } from './sendButtons';
import { sendCallButton } from './sendCallButton';
import { sendContacts } from './sendContacts';
import { sendCtaUrl } from './sendCtaUrl';
import { sendDocument } from './sendDocument';
import { sendFlow } from './sendFlow';
import { sendImage } from './sendImage';
import { sendJson } from './sendJson';
import { sendList } from './sendList';
import { sendLocation } from './sendLocation';
import { sendLocationRequest } from './sendLocationRequest';
import { sendMarketingTemplate } from './sendMarketingTemplate';
import { sendProduct } from './sendProduct';
import { sendProductList } from './sendProductList';
import { sendReaction } from './sendReaction';
import { sendSticker } from './sendSticker';
import { sendTemplate } from './sendTemplate';
import { sendText } from './sendText';
import { sendVideo } from './sendVideo';

export const message = defineResource({
	name: 'message',
	label: 'Message',
	help: 'Send messages from a business phone number.',
	offeredBy: ['n8n', 'node-red-send'],
	operations: [
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
		sendJson,
		sendAndWaitForReply,
		markMessageRead,
	],
});

import { markRead } from './markRead';
import { sendAudio } from './sendAudio';
import { sendButtons } from './sendButtons';
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
import type { AnyOperation } from '../types';

/** The Message resource, in the order the operation lists show it. */
export const messageOperations: AnyOperation[] = [
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
	sendLocationRequest,
	sendFlow,
	sendProduct,
	sendProductList,
	sendMarketingTemplate,
	markRead,
];

import { mediaMessage } from './support/mediaMessage';

export const sendSticker = mediaMessage<Record<never, never>>({
	kind: 'sticker',
	label: 'Send Sticker',
	help: 'Sends a WebP sticker (static up to 100 KB, animated up to 500 KB) by link, media ID or from the flow\'s own data.',
	extra: {},
	fields: () => ({}),
	fromFields: () => ({}),
});

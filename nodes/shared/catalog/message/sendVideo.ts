import { captionParam, mediaMessage } from './support/mediaMessage';

export const sendVideo = mediaMessage<{ caption?: string }>({
	kind: 'video',
	label: 'Send Video',
	help: 'Sends an MP4 or 3GPP video (H.264 and AAC, up to 16 MB) by link, media ID or from the flow\'s own data.',
	extra: { caption: captionParam },
	fields: (params) => ({ caption: params.caption }),
	fromFields: (object) => ({ caption: object.caption }),
	group: true,
});

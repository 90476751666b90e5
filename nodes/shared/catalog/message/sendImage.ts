import { captionParam, mediaMessage } from './support/mediaMessage';

export const sendImage = mediaMessage<{ caption?: string }>({
	kind: 'image',
	label: 'Send Image',
	help: 'Sends a JPEG or PNG image (up to 5 MB) by link, media ID or from the flow\'s own data, with an optional caption.',
	extra: { caption: captionParam },
	fields: (params) => ({ caption: params.caption }),
	fromFields: (object) => ({ caption: object.caption }),
	group: true,
});

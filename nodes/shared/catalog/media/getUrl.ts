import { defineOperation } from '../types';
import { mediaIdParam, ownerNumberParam } from './support/params';

interface GetMediaUrlParams {
	mediaId: string;
	phoneNumberId?: string;
}

export const getMediaUrl = defineOperation<GetMediaUrlParams>({
	operation: 'getUrl',
	label: 'Get URL',
	action: 'Get the URL of a media file',
	help: 'Returns a media file\'s download URL (valid for 5 minutes, needs the access token), MIME type, size and SHA-256.',
	params: { mediaId: mediaIdParam, phoneNumberId: ownerNumberParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'GET', path: params.mediaId, query: { phone_number_id: params.phoneNumberId } }),
});

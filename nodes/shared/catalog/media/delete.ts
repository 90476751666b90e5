import { defineOperation } from '../types';
import { mediaIdParam, ownerNumberParam } from './support/params';

interface DeleteMediaParams {
	mediaId: string;
	phoneNumberId?: string;
}

export const deleteMedia = defineOperation<DeleteMediaParams>({
	operation: 'delete',
	label: 'Delete',
	action: 'Delete a media file',
	help: 'Deletes an uploaded media file; its ID stops working.',
	params: { mediaId: mediaIdParam, phoneNumberId: ownerNumberParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'DELETE', path: params.mediaId, query: { phone_number_id: params.phoneNumberId } }),
	output: (data, params) => ({ mediaId: params.mediaId, ...(data as object) }),
});

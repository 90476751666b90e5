import type { GraphRequest } from '../../graph/client';
import { pacedDownload } from '../../run/paced';
import { text } from '../../validation/rules';
import { FileResult } from '../support/files';
import { defineOperation } from '../types';
import { fileParam, mediaIdParam, ownerNumberParam } from './support/params';

interface DownloadMediaParams {
	mediaId: string;
	phoneNumberId?: string;
	outputProperty: string;
	fileName?: string;
}

interface MediaInfo {
	url: string;
	mime_type?: string;
	sha256?: string;
	file_size?: number;
	id?: string;
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
};

const infoRequest = (params: DownloadMediaParams): GraphRequest => ({ method: 'GET', path: params.mediaId, query: { phone_number_id: params.phoneNumberId } });

export const downloadMedia = defineOperation<DownloadMediaParams>({
	operation: 'download',
	label: 'Download',
	action: 'Download a media file',
	help: 'Downloads a media file (for example from an incoming message) into the flow: n8n binary data, a Node-RED Buffer.',
	params: {
		mediaId: mediaIdParam,
		phoneNumberId: ownerNumberParam,
		outputProperty: fileParam('Output Binary Field', 'n8n: the binary property to put the file in. Node-RED: the msg property for the Buffer (payload by default).'),
		fileName: { label: 'File Name', type: 'string', help: 'Optional: the file\'s name; by default the media ID with the extension of its type.', schema: text(1, 240).optional() },
	},
	pacing: { kind: 'none' },
	// Two calls: the media's URL (valid 5 minutes), then the file from it with the same token.
	run: async (params, context, send) => {
		const info = (await send(infoRequest(params))) as MediaInfo;
		const response = await pacedDownload(context, info.url);
		const mimeType = info.mime_type ?? response.headers['content-type']?.split(';')[0] ?? 'application/octet-stream';
		const fileName = params.fileName ?? `${params.mediaId}.${EXTENSIONS[mimeType] ?? 'bin'}`;
		const json = { mediaId: params.mediaId, mimeType, fileName, fileSize: response.body.length, sha256: info.sha256 };
		return new FileResult(json, { data: response.body, mimeType, fileName });
	},
});

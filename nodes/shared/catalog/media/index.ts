import { defineResource } from '../types';
import { deleteMedia } from './delete';
import { downloadMedia } from './download';
import { getMediaUrl } from './getUrl';
import { uploadMedia } from './upload';

export const media = defineResource({
	name: 'media',
	label: 'Media',
	help: 'Upload, download and delete media files.',
	offeredBy: ['n8n', 'node-red-send'],
	operations: [uploadMedia, downloadMedia, getMediaUrl, deleteMedia],
});

import type { AnyOperation } from '../types';
import { deleteMedia } from './deleteMedia';
import { downloadMedia } from './downloadMedia';
import { getMediaUrl } from './getMediaUrl';
import { uploadMedia } from './uploadMedia';

/** The Media resource: files in and out of WhatsApp. */
export const mediaOperations: AnyOperation[] = [uploadMedia, downloadMedia, getMediaUrl, deleteMedia];

import type { GraphRequest } from '../../../graph/client';
import type { RunContext } from '../../../run/context';
import type { FileData } from '../../support/files';
import { uploadFile } from '../../support/resumableUpload';
import { appIdOf, readUpload, type UploadUse } from '../../support/uploadSources';
import type { SampleHandles } from './build';
import type { TemplateForm } from './form';

/**
 * The media samples a template is reviewed with: handles as given, or files from a URL or the
 * flow, uploaded through the Resumable Upload API. Every file is read and checked before the
 * first upload, so a card's wrong file is refused before any request.
 */

type Send = (request: GraphRequest, pacing?: { kind: 'none' }) => Promise<unknown>;

interface Upload {
	slot: 'header' | number;
	source: 'url' | 'file';
	reference: string;
	use: UploadUse;
	field: string;
}

const isMediaHeader = (format: string | undefined): format is 'IMAGE' | 'VIDEO' | 'DOCUMENT' => format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT';

/** The samples as given, with a stand-in for each file still to upload: enough to check the components before any request. */
export function givenSamples(form: TemplateForm): SampleHandles {
	const header = form.headerMediaSource === 'url' ? form.headerMediaUrl : form.headerMediaSource === 'file' ? (form.headerFileProperty ?? 'data') : form.headerHandle;
	return { header, cards: form.cardMedia };
}

/** The uploads a template's form asks for. */
function uploadsOf(form: TemplateForm, carousel: boolean): Upload[] {
	const uploads: Upload[] = [];
	const headerSource = form.headerMediaSource ?? 'handle';
	if (!carousel && isMediaHeader(form.headerFormat) && headerSource !== 'handle') {
		const url = headerSource === 'url';
		const reference = url ? form.headerMediaUrl : (form.headerFileProperty ?? 'data');
		if (reference) uploads.push({ slot: 'header', source: headerSource, reference, use: form.headerFormat, field: url ? 'Header Media URL (headerMediaUrl)' : 'Header Input Binary Field (headerFileProperty)' });
	}
	const cardSource = form.cardMediaSource ?? 'handle';
	if (carousel && cardSource !== 'handle') {
		(form.cardMedia ?? []).forEach((reference, index) =>
			uploads.push({ slot: index, source: cardSource, reference, use: form.cardHeaderFormat ?? 'IMAGE', field: `Card Samples (cardMedia), card ${index + 1}` }),
		);
	}
	return uploads;
}

/**
 * Reads and checks every file a template's samples come from (no request yet), and returns what
 * uploads them: the samples' handles, the files among them uploaded.
 */
export async function prepareSamples(form: TemplateForm, carousel: boolean, context: RunContext): Promise<(send: Send) => Promise<SampleHandles>> {
	const samples = givenSamples(form);
	const uploads = uploadsOf(form, carousel);
	if (uploads.length === 0) return async () => samples;
	const appId = appIdOf(context, 'upload the template\'s samples');
	const files: FileData[] = [];
	for (const upload of uploads) files.push(await readUpload(context, upload.field, upload.source, upload.reference, upload.use));
	return async (send) => {
		const cards = [...(samples.cards ?? [])];
		let header = samples.header;
		for (const [index, upload] of uploads.entries()) {
			const { handle } = await uploadFile(send, files[index], { appId });
			if (upload.slot === 'header') header = handle;
			else cards[upload.slot] = handle;
		}
		return { header, cards };
	};
}

import type { GraphRequest, MultipartPart } from '../../graph/client';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { defineOperation } from '../types';
import { ASYNC_NOTICE, descriptionRule, groupIdParam, requestOutput, subjectRule } from './support/params';
import { checkGroupPicture } from './support/picture';

interface UpdateGroupParams {
	groupId: string;
	subject?: string;
	description?: string;
	picture?: string;
}

const PICTURE_FIELD = 'Picture Binary Field (picture)';

// A helper, not object literals: n8n's linter reads `{name, value}` literals as option lists.
const part = (name: string, value: string | Uint8Array): MultipartPart => ({ name, value });

const jsonRequest = (params: UpdateGroupParams): GraphRequest => ({
	method: 'POST',
	path: params.groupId,
	body: {
		messaging_product: 'whatsapp',
		...(params.subject !== undefined ? { subject: params.subject } : {}),
		...(params.description !== undefined ? { description: params.description } : {}),
	},
});

export const updateGroup = defineOperation<UpdateGroupParams>({
	operation: 'update',
	label: 'Update',
	action: 'Update a group',
	help: 'Changes the subject, description and/or picture of a group; empty fields stay as they are. The outcome arrives in the trigger\'s group settings event.',
	notice: ASYNC_NOTICE,
	params: {
		groupId: groupIdParam,
		subject: {
			label: 'Subject',
			type: 'string',
			help: `A new name, 1 to ${LIMITS.groupSubject} characters (spaces around it are trimmed).`,
			schema: subjectRule.optional(),
		},
		description: {
			label: 'Description',
			type: 'text',
			help: `A new description, up to ${LIMITS.groupDescription.toLocaleString('en-US')} characters.`,
			schema: descriptionRule.optional(),
		},
		picture: {
			label: 'Picture Binary Field',
			type: 'file',
			help:
				`Optional: a new group picture, a square JPEG of at least ${LIMITS.groupPictureMinPx} × ${LIMITS.groupPictureMinPx} px, up to 5 MB. ` +
				'n8n: the binary property holding it. Node-RED: the msg property holding it as a Buffer.',
			placeholder: 'data',
			schema: text(1, 200).optional(),
		},
	},
	pacing: { kind: 'none' },
	check: (params) => {
		if (params.subject === undefined && params.description === undefined && params.picture === undefined)
			throw new ValidationError('Group update', 'needs at least one of Subject, Description or Picture Binary Field');
	},
	run: async (params, context, send) => {
		if (params.picture === undefined) return requestOutput(await send(jsonRequest(params)));
		if (!context.files) throw new ValidationError(PICTURE_FIELD, 'this host cannot read files from the flow');
		const file = await context.files.read(params.picture);
		checkGroupPicture(PICTURE_FIELD, file.data);
		// Meta's pages disagree on the picture's field name (profile_picture_file or file); we send pywa's form:
		// the texts as fields, the image under profile_picture_file.
		const multipart: MultipartPart[] = [part('messaging_product', 'whatsapp')];
		if (params.subject !== undefined) multipart.push(part('subject', params.subject));
		if (params.description !== undefined) multipart.push(part('description', params.description));
		multipart.push({ ...part('profile_picture_file', file.data), filename: file.fileName ?? 'group.jpg', contentType: 'image/jpeg' });
		return requestOutput(await send({ method: 'POST', path: params.groupId, multipart }));
	},
});

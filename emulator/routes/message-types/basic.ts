import {
	arr,
	bool,
	exactlyOne,
	forbid,
	httpUrl,
	num,
	numericId,
	obj,
	objects,
	str,
	type Json,
} from './check';

/** text (Meta's Text messages page): body up to 4,096 characters. */
export function checkText(text: Json, path: string) {
	str(text, 'body', path, { required: true, max: 4096 });
	bool(text, 'preview_url', path);
}

/** What each media kind takes besides `id`/`link` (Meta's Media messages page). */
const MEDIA_EXTRAS: Record<string, readonly string[]> = {
	image: ['caption'],
	video: ['caption'],
	document: ['caption', 'filename'],
	audio: ['voice'],
	sticker: [],
};

/** A media object: exactly one of `id` (an uploaded media id) or `link` (http/https). */
export function checkMediaObject(media: Json, path: string) {
	const source = exactlyOne(media, ['id', 'link'], path);
	if (source === 'id') str(media, 'id', path, { required: true, format: numericId });
	else str(media, 'link', path, { required: true, format: httpUrl });
}

export function checkMedia(kind: string) {
	return (media: Json, path: string) => {
		checkMediaObject(media, path);
		const extras = MEDIA_EXTRAS[kind];
		const other = ['caption', 'filename', 'voice'].filter((key) => !extras.includes(key));
		forbid(media, other, path, `is not supported for ${kind} messages.`);
		str(media, 'caption', path, { max: 1024 });
		str(media, 'filename', path);
		bool(media, 'voice', path);
	};
}

/** location: latitude -90..90 and longitude -180..180 are required. */
export function checkLocation(location: Json, path: string) {
	num(location, 'latitude', path, { required: true, min: -90, max: 90 });
	num(location, 'longitude', path, { required: true, min: -180, max: 180 });
	str(location, 'name', path);
	str(location, 'address', path);
}

/** contacts: 1 to 257 contact cards, each with name.formatted_name. */
export function checkContacts(contacts: unknown[], path: string) {
	for (const [contact, at] of objects(contacts, path)) {
		const name = obj(contact, 'name', at)!;
		str(name, 'formatted_name', `${at}.name`, { required: true });
		for (const key of ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix'])
			str(name, key, `${at}.name`);
		for (const [list, field] of [
			['phones', 'phone'],
			['emails', 'email'],
			['urls', 'url'],
			['addresses', 'street'],
		] as const) {
			const entries = arr(contact, list, at);
			if (entries)
				for (const [entry, entryAt] of objects(entries, `${at}.${list}`)) str(entry, field, entryAt);
		}
		obj(contact, 'org', at, false);
		str(contact, 'birthday', at, { format: [/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD.'] });
	}
}

/** reaction: the message to react to; an empty emoji removes the reaction. */
export function checkReaction(reaction: Json, path: string) {
	str(reaction, 'message_id', path, { required: true });
	if (reaction.emoji === undefined || reaction.emoji === null)
		str(reaction, 'emoji', path, { required: true });
	str(reaction, 'emoji', path);
}

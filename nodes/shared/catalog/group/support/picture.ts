import { ValidationError } from '../../../graph/errors';
import { LIMITS } from '../../../validation/limits';
import { fmt } from '../../../validation/rules';

/** Start-of-frame markers: the segment that holds a JPEG's height and width. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** A JPEG's size in pixels, read from its first SOF segment; undefined when none is found. */
export function jpegSize(data: Uint8Array): { width: number; height: number } | undefined {
	let i = 2;
	while (i + 9 < data.length) {
		if (data[i] !== 0xff) return undefined;
		const marker = data[i + 1];
		if (marker === 0xff) {
			i += 1; // fill byte
			continue;
		}
		if (SOF.has(marker)) return { height: (data[i + 5] << 8) | data[i + 6], width: (data[i + 7] << 8) | data[i + 8] };
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		i += 2 + ((data[i + 2] << 8) | data[i + 3]);
	}
	return undefined;
}

/**
 * What can be checked of a group picture from its bytes (Meta's Group management page): a JPEG, at
 * most 5 MB, square, at least 192 × 192 px. Meta would refuse the rest only after the request
 * (131209, 131210).
 */
export function checkGroupPicture(field: string, data: Uint8Array) {
	if (!(data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff)) throw new ValidationError(field, 'must be a JPEG image (image/jpeg is the only format groups take)');
	if (data.length > LIMITS.groupPictureBytes)
		throw new ValidationError(field, `must be at most 5 MB (${fmt(LIMITS.groupPictureBytes)} bytes), got ${fmt(data.length)} bytes`);
	const size = jpegSize(data);
	if (!size) throw new ValidationError(field, 'is not a readable JPEG: no image size found');
	if (size.width !== size.height) throw new ValidationError(field, `must be square, got ${size.width} × ${size.height} px`);
	if (size.width < LIMITS.groupPictureMinPx)
		throw new ValidationError(field, `must be at least ${LIMITS.groupPictureMinPx} × ${LIMITS.groupPictureMinPx} px, got ${size.width} × ${size.height} px`);
}

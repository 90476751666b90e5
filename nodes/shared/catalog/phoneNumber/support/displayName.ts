import { z } from 'zod';

/**
 * A business display name, checked against the formatting rules of Meta's "Display names" page
 * that a machine can check and that hold for every business: at least 3 characters, no
 * "WhatsApp" in any spelling, no emoji, no line breaks and no run of spaces. The rest (a clear
 * relation to the business, capitalisation, punctuation that matches the brand) is Meta's review.
 */
export const displayName = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.superRefine((value, ctx) => {
		const problem = displayNameProblem(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

function displayNameProblem(value: string): string | undefined {
	if ([...value].length < 3) return `must have at least 3 characters (Meta's display name rules), got ${[...value].length}`;
	if (/w\W*h\W*a\W*t\W*s\W*a\W*p\W*p/i.test(value)) return 'may not contain "WhatsApp" in any form (Meta\'s display name rules)';
	if (/\p{Extended_Pictographic}/u.test(value)) return 'may not contain emoji (Meta\'s display name rules)';
	if (/[\r\n\t]/.test(value)) return 'may not contain line breaks or tabs (Meta\'s display name rules)';
	if (/ {2,}/.test(value)) return 'may not contain two spaces in a row: Meta\'s display name rules ask for consistent spacing';
	return undefined;
}

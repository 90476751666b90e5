import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodeInfo, knownErrorCodes } from '../../nodes/shared/graph/errorCodes';
import { errorCodesMarkdown } from '../../scripts/errorCodesDoc';

describe('docs/error-codes.md', () => {
	it('is the error code table as it is now (run `npm run docs` after changing a code)', () => {
		expect(readFileSync(join(__dirname, '..', '..', 'docs', 'error-codes.md'), 'utf8')).toBe(errorCodesMarkdown());
	});

	it('lists every code the nodes explain, with its hint', () => {
		const doc = errorCodesMarkdown();
		const codes = knownErrorCodes();
		expect(codes.length).toBeGreaterThan(90);
		for (const { code } of codes) expect(doc).toContain(`| ${code} | ${errorCodeInfo(code).title.replace(/\|/g, '\\|')} |`);
	});
});

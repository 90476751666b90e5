import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The Flow Library's scorecard (`node-red-dev validate`), run on this package. Its name checks
 * (P08, N01) compare against catalogue.nodered.org, which this machine cannot reach, so the
 * catalogue is read as empty; every other check runs as published, npm registry included.
 */
const REPO = join(__dirname, '..', '..');
const load = createRequire(require.resolve('node-red-dev/package.json'));
type Scorecard = Record<string, { test: boolean; [detail: string]: unknown }>;

describe('node-red-dev validate (Flow Library scorecard)', () => {
	const scorecard: Scorecard = {};
	const said: string[] = [];

	beforeAll(async () => {
		const axios = load('axios');
		const get = axios.get.bind(axios);
		axios.get = (url: string, ...rest: unknown[]) =>
			url.startsWith('https://catalogue.nodered.org/') ? Promise.resolve({ data: { modules: [] } }) : get(url, ...rest);
		const cli = { log: (m: string) => said.push(m), warn: (m: string) => said.push(`warn: ${m}`), error: (m: unknown) => said.push(`error: ${String(m)}`) };
		await load('./src/libs/checkpackage')(REPO, cli, scorecard, false);
		await load('./src/libs/checknodes')(REPO, cli, scorecard, false);
		await load('./src/libs/checkdeps')(REPO, cli, scorecard, false);
	}, 60_000);

	it('passes every check it runs', () => {
		const checks = Object.entries(scorecard).filter(([name]) => /^[PND]\d\d$/.test(name));
		const failed = checks.filter(([, result]) => !result.test).map(([name]) => name);
		expect(failed, said.join('\n')).toEqual([]);
		expect(checks.map(([name]) => name)).toEqual(expect.arrayContaining(['P01', 'P03', 'P04', 'P05', 'P06', 'P07', 'N02', 'D01', 'D02', 'D03']));
	});

	it('parses every node\'s editor script (inline registerType literals)', () => {
		expect(said.filter((line) => /Unable to parse|not-inline|Syntax error/i.test(line))).toEqual([]);
	});
});

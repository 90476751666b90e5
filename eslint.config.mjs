import js from '@eslint/js';
import { config } from '@n8n/node-cli/eslint';
import globals from 'globals';

// Every source file is linted. n8n's config (the one `n8n-node lint` uses) brings ESLint's,
// typescript-eslint's and import-x's recommended rules for all TypeScript, and n8n's community-node
// rules (the cloud set, the strictest), which apply to the n8n sources only: the node, the trigger,
// the credential, their n8n glue and the platform-neutral core they run. Exceptions are listed one
// by one with the reason; none of them is switched off for the n8n sources as a whole.

/**
 * Sources n8n never loads: the Node-RED nodes (they pace with timers and type their routes with
 * node:http, both outside n8n's cloud rules), the emulator (a command of its own), and the tests,
 * demo, scripts and benchmark, which never ship.
 */
const NOT_N8N = ['nodes/node-red/**', 'emulator/**', 'test/**', 'demo/**', 'scripts/**', 'bench/**', 'vitest.config.ts'];

const n8nRule = (rule) => rule.startsWith('@n8n/') || rule.startsWith('n8n-nodes-base/');
const n8nOnly = (block) => (Object.keys(block.rules ?? {}).some(n8nRule) ? { ...block, ignores: [...(block.ignores ?? []), ...NOT_N8N] } : block);

/**
 * The editor scripts of a Node-RED .html file (its `<script type="text/javascript">` blocks) as one
 * browser script: everything else is blanked to spaces, so lines, columns and fixes map back as they are.
 */
const editorScripts = {
	meta: { name: 'node-red-editor-scripts' },
	supportsAutofix: true,
	preprocess(text) {
		let script = '';
		let end = 0;
		for (const block of text.matchAll(/(<script type="text\/javascript">)([\s\S]*?)<\/script>/g)) {
			const start = block.index + block[1].length;
			script += text.slice(end, start).replace(/[^\n]/g, ' ') + block[2];
			end = start + block[2].length;
		}
		return [{ text: script + text.slice(end).replace(/[^\n]/g, ' '), filename: 'editor.js' }];
	},
	postprocess: (messages) => messages.flat(),
};

export default [
	// What the build and the tests write (.gitignore).
	{ ignores: ['dist/**', 'coverage/**', '.demo/**', 'test/artifacts/**'] },
	...config.map(n8nOnly),
	{
		files: ['**/*.ts'],
		rules: {
			// Imports first, grouped (Node built-ins, packages, then the repository's own), one per module.
			'import-x/first': 'error',
			'import-x/newline-after-import': 'error',
			'import-x/no-duplicates': 'error',
			'import-x/order': ['error', { groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'] }],
			// Errors are Error objects (GraphApiError, ValidationError, ...), never strings or plain objects.
			'no-throw-literal': 'error',
			'prefer-promise-reject-errors': 'error',
			// An unused name is dead code; `_name` marks a parameter kept for its position.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['nodes/shared/**/*.ts'],
		rules: {
			// The core imports nothing from n8n, so it cannot throw n8n's error classes. It throws typed
			// errors (GraphApiError, ValidationError, ...) that the n8n node turns into NodeApiError /
			// NodeOperationError with the item index in one place: nodes/n8n/errors.ts.
			'@n8n/community-nodes/require-node-api-error': 'off',
			'n8n-nodes-base/node-execute-block-wrong-error-thrown': 'off',
		},
	},
	{
		// Node-RED's constructor idiom: `const node = this`, read by the closures the node registers.
		files: ['nodes/node-red/**/*.ts'],
		rules: { '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }] },
	},
	{
		// The emulator, demo, scripts and benchmark are commands: they report on the console.
		files: ['emulator/**/*.ts', 'demo/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
	{
		// Tests read Graph and emulator answers as loose JSON: the assertion states the shape, a
		// declared type would only repeat it.
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		// Node-RED's editor scripts: resources/*.js and the .html files' inline scripts, run in the
		// browser beside jQuery and Node-RED's RED.
		...js.configs.recommended,
		files: ['resources/**/*.js', 'nodes/node-red/**/*.html/*.js'],
		languageOptions: {
			sourceType: 'script',
			globals: { ...globals.browser, ...globals.jquery, RED: 'readonly', WhatsAppPlatformForm: 'readonly', WhatsAppTemplateFields: 'readonly' },
		},
	},
	{ files: ['nodes/node-red/**/*.html'], processor: editorScripts },
	{
		// The build and this config, run by Node.
		...js.configs.recommended,
		files: ['gulpfile.js', 'eslint.config.mjs'],
		languageOptions: { globals: globals.node },
	},
	{ files: ['gulpfile.js'], languageOptions: { sourceType: 'commonjs' } },
];

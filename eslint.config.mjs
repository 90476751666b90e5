import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules (the cloud set, the strictest) on the n8n sources: the node, the
// trigger, the credential and the platform-neutral core they run. Exceptions are listed one by one
// with the reason; none of them is switched off for the n8n sources as a whole.
export default [
	...config,
	{
		// Not n8n sources: the Node-RED adapters (n8n never loads them; they pace with timers and
		// type their routes with node:http, both outside n8n's cloud rules), the emulator (a command of
		// its own, which n8n never loads), and the tests, demo, scripts and benchmark, which never ship to n8n.
		ignores: ['nodes/node-red/**', 'emulator/**', 'test/**', 'demo/**', 'scripts/**', 'bench/**', 'examples/**', 'gulpfile.js', 'vitest.config.*', 'eslint.config.mjs'],
	},
	{
		files: ['nodes/shared/**/*.ts'],
		rules: {
			// The core imports nothing from n8n, so it cannot throw n8n's error classes. It throws typed
			// errors (GraphApiError, ValidationError, ...) that the n8n node turns into NodeApiError /
			// NodeOperationError with the item index in one place: nodes/WhatsAppPlatform/errors.ts.
			'@n8n/community-nodes/require-node-api-error': 'off',
			'n8n-nodes-base/node-execute-block-wrong-error-thrown': 'off',
		},
	},
];

import { defineResource } from '../types';
import { getManySubscriptions } from './getMany';
import { subscribeApp } from './subscribe';
import { unsubscribeApp } from './unsubscribe';

export const subscription = defineResource({
	name: 'subscription',
	label: 'Webhook Subscription',
	help: 'Subscribe the app to the WABA\'s webhooks.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getManySubscriptions, subscribeApp, unsubscribeApp],
});

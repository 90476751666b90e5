import { callAnalytics } from './analytics/call';
import { conversationAnalytics } from './analytics/conversation';
import { enableInsights } from './analytics/enableInsights';
import { messagingAnalytics } from './analytics/messaging';
import { pricingAnalytics } from './analytics/pricing';
import { templateAnalytics } from './analytics/template';
import { getBusinessProfile } from './businessProfile/get';
import { groupOperations } from './group';
import { updateBusinessProfile } from './businessProfile/update';
import { callOperations } from './call';
import { deregister } from './phoneNumber/deregister';
import { getPhoneNumber } from './phoneNumber/get';
import { listPhoneNumbers } from './phoneNumber/list';
import { register } from './phoneNumber/register';
import { requestCode } from './phoneNumber/requestCode';
import { setPin } from './phoneNumber/setPin';
import { verifyCode } from './phoneNumber/verifyCode';
import { listSubscriptions } from './subscription/list';
import { subscribe } from './subscription/subscribe';
import { unsubscribe } from './subscription/unsubscribe';
import { createTemplate } from './template/create';
import { deleteTemplate } from './template/delete';
import { editTemplate } from './template/edit';
import { getTemplate } from './template/get';
import { listTemplates } from './template/list';
import type { AnyOperation, ResourceName } from './types';

/** The account-management resources (issue 6): the n8n node shows them, Node-RED's manage node too. */
export const manageResources: Array<{ name: ResourceName; label: string; help: string }> = [
	{ name: 'template', label: 'Template', help: 'Create, list, edit and delete message templates.' },
	{ name: 'phoneNumber', label: 'Phone Number', help: 'Read business numbers; verify, register and protect them.' },
	{ name: 'businessProfile', label: 'Business Profile', help: 'The profile customers see for a number.' },
	{ name: 'analytics', label: 'Analytics', help: 'Messaging, pricing, conversation, template and call reports.' },
	{ name: 'subscription', label: 'Webhook Subscription', help: 'Subscribe the app to the WABA\'s webhooks.' },
	{ name: 'group', label: 'Group', help: 'Create and run WhatsApp groups: invite links, participants, join requests, pins.' },
	{ name: 'call', label: 'Call', help: 'Calling settings, call permissions and call signalling (the node does not handle media).' },
];

export const manageOperations: AnyOperation[] = [
	listTemplates,
	getTemplate,
	createTemplate,
	editTemplate,
	deleteTemplate,
	listPhoneNumbers,
	getPhoneNumber,
	requestCode,
	verifyCode,
	register,
	deregister,
	setPin,
	getBusinessProfile,
	updateBusinessProfile,
	messagingAnalytics,
	pricingAnalytics,
	conversationAnalytics,
	templateAnalytics,
	callAnalytics,
	enableInsights,
	listSubscriptions,
	subscribe,
	unsubscribe,
	...groupOperations,
	...callOperations,
];

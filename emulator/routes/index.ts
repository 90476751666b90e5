import type { GraphEmulator } from '../server';
import { registerCampaign } from '../campaign/routes';
import { registerControl } from '../control';
import { registerFlowControl } from '../flows/control';
import { registerWebhooks } from '../webhooks';
import { registerReplies } from '../replies';
import { registerCalls } from './calls';
import { registerEncryption } from './encryption';
import { registerFlows } from './flows';
import { registerGroupMembers } from './groupMembers';
import { registerGroups } from './groups';
import { registerMarketingInsights } from './marketingInsights';
import { registerMedia } from './media';
import { registerMessages } from './messages';
import { registerPhoneNumbers } from './phoneNumbers';
import { registerAnalytics } from './analytics';
import { registerBusinessAccounts } from './businessAccounts';
import { registerProfile } from './profile';
import { registerSubscriptions } from './subscriptions';
import { registerTemplates } from './templates';
import { registerUploads } from './uploads';

/** Every area of the emulated API; each file registers its own routes. */
export function registerRoutes(emulator: GraphEmulator) {
	registerMessages(emulator);
	registerMedia(emulator);
	registerControl(emulator);
	registerPhoneNumbers(emulator);
	registerTemplates(emulator);
	registerProfile(emulator);
	registerAnalytics(emulator);
	registerBusinessAccounts(emulator);
	registerMarketingInsights(emulator);
	registerSubscriptions(emulator);
	registerCalls(emulator);
	registerUploads(emulator);
	registerFlows(emulator);
	registerEncryption(emulator);
	registerFlowControl(emulator);
	// Last: a group id is any non-numeric path segment, so the other areas' routes answer first.
	registerGroups(emulator);
	registerGroupMembers(emulator);
	registerWebhooks(emulator);
	registerReplies(emulator);
	// After the webhooks: it wraps their status hook with the failures it scripts (131050, 131049).
	registerCampaign(emulator);
}

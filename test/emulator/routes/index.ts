import type { GraphEmulator } from '../server';
import { registerControl } from '../control';
import { registerMedia } from './media';
import { registerMessages } from './messages';
import { registerPhoneNumbers } from './phoneNumbers';
import { registerAnalytics } from './analytics';
import { registerProfile } from './profile';
import { registerSubscriptions } from './subscriptions';
import { registerTemplates } from './templates';
import { registerWebhooks } from '../webhooks';

/** Every area of the emulated API; each file registers its own routes. */
export function registerRoutes(emulator: GraphEmulator) {
	registerMessages(emulator);
	registerMedia(emulator);
	registerControl(emulator);
	registerPhoneNumbers(emulator);
	registerTemplates(emulator);
	registerProfile(emulator);
	registerAnalytics(emulator);
	registerSubscriptions(emulator);
	registerWebhooks(emulator);
}

import type { GraphEmulator } from '../server';
import { registerMessages } from './messages';
import { registerPhoneNumbers } from './phoneNumbers';

/** Every area of the emulated API; each file registers its own routes. */
export function registerRoutes(emulator: GraphEmulator) {
	registerMessages(emulator);
	registerPhoneNumbers(emulator);
}

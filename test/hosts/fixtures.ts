import { startEmulator, type GraphEmulator } from '../../emulator/server';

export const TOKEN = 'EAAtest-access-token-0123456789';
export const APP_SECRET = 'app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'verify-token-0123456789';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';

export function startTestEmulator(): Promise<GraphEmulator> {
	return startEmulator({ token: TOKEN, appSecret: APP_SECRET });
}

/** The secrets no log, error or output may contain. */
export const SECRETS = [TOKEN, APP_SECRET, VERIFY_TOKEN];

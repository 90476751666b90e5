import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealRequest } from '../../emulator/flows/clientCrypto';
import { decryptFlowRequest, FlowKeyError, generateKeyPair, loadPrivateKey, openSession, publicKeyPem, readPublicKey, receiveFlowRequest, sealFlowAnswer } from '../../nodes/shared/flows';
import * as metaSample from '../fixtures/flows/meta-endpoint-encryption.mjs';
import vector from '../fixtures/flows/pywa-endpoint-vector.json';
import { APP_SECRET, sign } from './flows.helpers';

const dir = mkdtempSync(join(tmpdir(), 'flowpace-flow-keys-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir });
const file = (name: string) => join(dir, name);

describe('Flow endpoint crypto against a published exchange (pywa\'s test vector: see test/fixtures/flows)', () => {
	const key = loadPrivateKey(vector.privateKey, vector.passphrase);

	it('decrypts the WhatsApp client\'s request to its published payload', () => {
		const { json } = decryptFlowRequest(vector.request, key);
		expect(JSON.parse(json)).toEqual(vector.decrypted);
	});

	it('encrypts the answer to the published ciphertext: same key, flipped IV, tag appended', () => {
		const { session } = decryptFlowRequest(vector.request, key);
		expect(sealFlowAnswer(vector.answerJson, session)).toBe(vector.encryptedAnswer);
	});

	it('hands the request to the flow with its action, screen, data and flow token', () => {
		const raw = Buffer.from(JSON.stringify(vector.request));
		const received = receiveFlowRequest(raw, sign(raw), { appSecret: APP_SECRET, privateKey: key });
		expect(received).toMatchObject({ kind: 'request', request: { action: 'INIT', screen: '', data: {}, flowToken: 'my_flow_token', version: '3.0' } });
	});
});

describe('Flow endpoint crypto beside Meta\'s sample endpoint (its encryption.js: see test/fixtures/flows)', () => {
	const answer = { screen: 'APPOINTMENT', data: { slots: [{ id: '10:00', title: '10:00' }] } };

	it('decrypts the published request to the payload Meta\'s sample decrypts it to', () => {
		const meta = metaSample.decryptRequest(vector.request, vector.privateKey, vector.passphrase);
		expect(JSON.parse(decryptFlowRequest(vector.request, loadPrivateKey(vector.privateKey, vector.passphrase)).json)).toEqual(meta.decryptedBody);
	});

	it('encrypts an answer to the same bytes as Meta\'s sample, and the emulator\'s client request opens in Meta\'s sample', () => {
		const pair = generateKeyPair('meta-sample');
		const request = sealRequest({ action: 'INIT', version: '3.0', flow_token: 'booking-42' }, pair.publicKey);
		const meta = metaSample.decryptRequest(request.body, pair.privateKey, 'meta-sample');
		expect(meta.decryptedBody).toEqual({ action: 'INIT', version: '3.0', flow_token: 'booking-42' });
		const { session } = decryptFlowRequest(request.body, loadPrivateKey(pair.privateKey, 'meta-sample'));
		expect(sealFlowAnswer(JSON.stringify(answer), session)).toBe(metaSample.encryptResponse(answer, meta.aesKeyBuffer, meta.initialVectorBuffer));
	});
});

describe('Flow keys against OpenSSL\'s command line', () => {
	it('opens an AES key that `openssl pkeyutl` wrapped with RSA-OAEP, SHA-256 and MGF1 SHA-256, for keys openssl made and encrypted', () => {
		openssl('genrsa', '-aes256', '-passout', 'pass:s3cret-phrase', '-out', 'pkcs8.pem', '2048');
		openssl('rsa', '-in', 'pkcs8.pem', '-passin', 'pass:s3cret-phrase', '-traditional', '-des3', '-passout', 'pass:s3cret-phrase', '-out', 'traditional.pem');
		openssl('pkey', '-in', 'pkcs8.pem', '-passin', 'pass:s3cret-phrase', '-pubout', '-out', 'public.pem');
		const aesKey = randomBytes(16);
		writeFileSync(file('aes.bin'), aesKey);
		openssl('pkeyutl', '-encrypt', '-pubin', '-inkey', 'public.pem', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', '-in', 'aes.bin', '-out', 'wrapped.bin');
		const sealed = { encryptedAesKey: readFileSync(file('wrapped.bin')).toString('base64'), initialVector: randomBytes(16).toString('base64') };
		const pkcs8 = readFileSync(file('pkcs8.pem'), 'utf8');
		const traditional = readFileSync(file('traditional.pem'), 'utf8');
		expect(traditional).toContain('Proc-Type: 4,ENCRYPTED');
		// As pasted into a one-line credential field: the line breaks gone, or written as \n.
		for (const pem of [pkcs8, traditional, pkcs8.replace(/\n/g, ' '), traditional.replace(/\n/g, ''), pkcs8.replace(/\n/g, '\\n')]) {
			expect(openSession(sealed, loadPrivateKey(pem, 's3cret-phrase')).aesKey).toEqual(aesKey);
		}
		expect(publicKeyPem(loadPrivateKey(pkcs8, 's3cret-phrase'))).toBe(readFileSync(file('public.pem'), 'utf8'));
	});

	it('generates a 2048-bit pair openssl reads with the passphrase, and that opens what the client wraps', () => {
		const pair = generateKeyPair('gen-passphrase');
		expect(pair.privateKey).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
		writeFileSync(file('generated.pem'), pair.privateKey);
		expect(openssl('pkey', '-in', 'generated.pem', '-passin', 'pass:gen-passphrase', '-pubout').toString()).toBe(pair.publicKey);
		expect(openssl('rsa', '-in', 'generated.pem', '-passin', 'pass:gen-passphrase', '-noout', '-text').toString()).toMatch(/Private-Key: \(2048 bit/);
		// The emulator's client wraps a key for the public key; openssl and the endpoint both open it.
		const request = sealRequest({ action: 'ping', version: '3.0' }, pair.publicKey);
		writeFileSync(file('client-wrapped.bin'), Buffer.from(request.body.encrypted_aes_key, 'base64'));
		const unwrapped = openssl('pkeyutl', '-decrypt', '-inkey', 'generated.pem', '-passin', 'pass:gen-passphrase', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256', '-in', 'client-wrapped.bin');
		expect(unwrapped).toEqual(request.key);
		expect(decryptFlowRequest(request.body, loadPrivateKey(pair.privateKey, 'gen-passphrase')).json).toBe('{"action":"ping","version":"3.0"}');
		expect(generateKeyPair().privateKey).toContain('-----BEGIN PRIVATE KEY-----');
	});

	it('refuses keys Flows cannot use, naming the problem and never the key', () => {
		openssl('genrsa', '-out', 'small.pem', '1024');
		openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem');
		openssl('genrsa', '-aes256', '-passout', 'pass:right-passphrase', '-out', 'locked.pem', '2048');
		const locked = readFileSync(file('locked.pem'), 'utf8');
		const cases: Array<[string, string, string]> = [
			[readFileSync(file('small.pem'), 'utf8'), '', 'has 1024 bits: Flows take an RSA key of 2048 bits'],
			[readFileSync(file('ec.pem'), 'utf8'), '', 'is ec: Flows take an RSA key of 2048 bits'],
			[locked, '', 'is encrypted: set its passphrase in the credential'],
			[locked, 'wrong-passphrase', 'does not open with this passphrase'],
			['-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----', '', 'is not a PEM private key'],
			['', '', 'No Flow private key'],
		];
		for (const [pem, passphrase, problem] of cases) {
			const error = (() => {
				try {
					loadPrivateKey(pem, passphrase);
				} catch (caught) {
					return caught as Error;
				}
				throw new Error('expected the key to be refused');
			})();
			expect(error).toBeInstanceOf(FlowKeyError);
			expect(error.message).toContain(problem);
			for (const line of pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(error.message).not.toContain(line);
			expect(error.message).not.toContain('wrong-passphrase');
		}
		expect(() => readPublicKey(readFileSync(file('small.pem'), 'utf8'))).toThrow(/1024 bits/);
	});
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	SspfCryptoError,
	blindIndex,
	decryptField,
	encryptField,
	ephemeralKeyring,
	fileKeyStore,
	keyringOf,
	loadKeyring,
	newCaseKey,
	parseMasterKey,
	unwrapCaseKey,
	wrapCaseKey,
	wrappingKeyId
} from './sspf.crypto';
import { ageOn, luhnValid, parsePersonnummer } from './personnummer';

const CASE = '3f1c2a8e-0000-4000-8000-000000000001';
const OTHER_CASE = '3f1c2a8e-0000-4000-8000-000000000002';

describe('SSPF field encryption', () => {
	it('seals a field under the case key, bound to case and field, and never in the clear', () => {
		const keyring = ephemeralKeyring();
		const { dataKey, wrapped } = newCaseKey(keyring, CASE);
		const sealed = encryptField(dataKey, CASE, 'name', 'Testperson Ett');
		expect(sealed).not.toContain('Testperson');
		expect(decryptField(dataKey, CASE, 'name', sealed)).toBe('Testperson Ett');
		expect(() => decryptField(dataKey, CASE, 'referralReason', sealed)).toThrow(SspfCryptoError);
		expect(() => decryptField(dataKey, OTHER_CASE, 'name', sealed)).toThrow(SspfCryptoError);
		expect(unwrapCaseKey(keyring, CASE, wrapped).equals(dataKey)).toBe(true);
		expect(() => unwrapCaseKey(keyring, OTHER_CASE, wrapped)).toThrow(SspfCryptoError);
		// Two sealings of one value differ (random IV): ciphertext says nothing about equal values.
		expect(encryptField(dataKey, CASE, 'name', 'x')).not.toBe(encryptField(dataKey, CASE, 'name', 'x'));
	});

	it('refuses a tampered ciphertext and a destroyed key', () => {
		const keyring = ephemeralKeyring();
		const { dataKey, wrapped } = newCaseKey(keyring, CASE);
		const sealed = encryptField(dataKey, CASE, 'name', 'Testperson Ett');
		const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
		expect(() => decryptField(dataKey, CASE, 'name', tampered)).toThrow(SspfCryptoError);
		expect(() => unwrapCaseKey(keyring, CASE, null)).toThrow(/key_destroyed/);
		expect(() => unwrapCaseKey(ephemeralKeyring(), CASE, wrapped)).toThrow(/unknown_master_key/);
	});

	it('rotates: a key wrapped by the previous master key unwraps while both are known and re-wraps under the new one', () => {
		const old = ephemeralKeyring();
		const { dataKey, wrapped } = newCaseKey(old, CASE);
		const rotated = keyringOf(ephemeralKeyring().current, [old.current]);
		expect(unwrapCaseKey(rotated, CASE, wrapped).equals(dataKey)).toBe(true);
		const rewrapped = wrapCaseKey(rotated, CASE, dataKey);
		expect(wrappingKeyId(rewrapped)).toBe(rotated.current.id);
		expect(unwrapCaseKey(keyringOf(rotated.current), CASE, rewrapped).equals(dataKey)).toBe(true);
	});

	it('makes the blind index a keyed hash: equal numbers match, another key gives another index', () => {
		const keyring = ephemeralKeyring();
		expect(blindIndex(keyring, '201001019811')).toBe(blindIndex(keyring, '201001019811'));
		expect(blindIndex(keyring, '201001019811')).not.toBe(blindIndex(keyring, '201001019829'));
		expect(blindIndex(ephemeralKeyring(), '201001019811')).not.toBe(blindIndex(keyring, '201001019811'));
		expect(blindIndex(keyring, '201001019811')).not.toContain('2010');
	});

	it('reads the master key from SSPF_MASTER_KEY, or makes a key file under DATA_DIR once (never overwritten)', () => {
		const hex = 'a'.repeat(64);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sspf-key-'));
		expect(loadKeyring({ SSPF_MASTER_KEY: hex }, dir).current.id).toBe(parseMasterKey(hex).id);
		expect(fs.existsSync(path.join(dir, 'sspf-master.key'))).toBe(false);
		const first = loadKeyring({}, dir);
		const file = path.join(dir, 'sspf-master.key');
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(loadKeyring({}, dir).current.id).toBe(first.current.id);
		expect(() => loadKeyring({ SSPF_MASTER_KEY_FILE: path.join(dir, 'missing.key') }, dir)).toThrow(/does not exist/);
		expect(() => parseMasterKey('abc')).toThrow(/32 bytes/);
		fs.rmSync(dir, { recursive: true });
	});

	it('keeps wrapped keys in a file store outside the database and destroys them for good', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sspf-store-'));
		const store = fileKeyStore(dir);
		store.put(CASE, 'k1:abc:wrapped');
		expect(store.get(CASE)).toBe('k1:abc:wrapped');
		expect(fs.statSync(path.join(dir, `${CASE}.key`)).mode & 0o777).toBe(0o600);
		store.destroy(CASE);
		expect(store.get(CASE)).toBeNull();
		expect(fs.readdirSync(dir)).toEqual([]);
		expect(() => store.get('../../etc/passwd')).toThrow();
		fs.rmSync(dir, { recursive: true });
	});
});

describe('personnummer', () => {
	it('checks the Luhn digit, the date, and works out age and gender', () => {
		expect(luhnValid('8112189876')).toBe(true);
		expect(parsePersonnummer('19811218-9876', '2026-12-03')).toEqual({
			normalised: '198112189876',
			birthDate: '1981-12-18',
			gender: 'man',
			coordinationNumber: false
		});
		expect(parsePersonnummer('811218-9876', '2026-12-03')?.normalised).toBe('198112189876');
		expect(parsePersonnummer('8112189876', '2026-12-03')?.normalised).toBe('198112189876');
		expect(parsePersonnummer('811218-9877', '2026-12-03')).toBeNull();
		expect(parsePersonnummer('811318-9876', '2026-12-03')).toBeNull();
		expect(parsePersonnummer('hej', '2026-12-03')).toBeNull();
		// The '+' form: a hundred years or more.
		expect(parsePersonnummer('811218+9876', '2026-12-03')?.birthDate).toBe('1881-12-18');
		// A short form of a child born this century.
		const child = parsePersonnummer('120315-9809', '2026-12-03');
		expect(child?.birthDate).toBe('2012-03-15');
		expect(child?.gender).toBe('kvinna'); // ninth digit 0: even
		expect(ageOn('2012-03-15', '2026-03-14')).toBe(13);
		expect(ageOn('2012-03-15', '2026-03-15')).toBe(14);
		// Samordningsnummer: day + 60.
		expect(parsePersonnummer('701063-2391', '2026-12-03')?.coordinationNumber).toBe(true);
	});
});

import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SSPF's field-level encryption. Every case has its own random 256-bit data key; every personal
 * field of the case is sealed with AES-256-GCM under that key, bound (as associated data) to the
 * case and the field, so a ciphertext copied into another case or field does not open. The data key
 * is stored only wrapped (AES-256-GCM again) by a master key that never enters the database: it comes
 * from SSPF_MASTER_KEY, a key file (SSPF_MASTER_KEY_FILE), or, for the demo and development, a key file
 * generated under DATA_DIR on first start. Destroying a case's wrapped key (crypto-shredding) makes
 * every copy of its ciphertext — backups and exports included — unreadable.
 */

export interface MasterKey {
	/** Names the key in wrapped data keys, so rotation knows which key unwraps which. */
	id: string;
	key: Buffer;
}

/**
 * Where the wrapped data keys live: outside the database, so that no database backup or export
 * carries them. Restoring yesterday's backup with today's key store leaves an erased case unreadable.
 */
export interface CaseKeyStore {
	get(caseId: string): string | null;
	put(caseId: string, wrapped: string): void;
	/** Crypto-shredding: the wrapped key is overwritten and removed. */
	destroy(caseId: string): void;
}

/** One file per case under a directory (DATA_DIR/sspf-keys, or SSPF_KEY_STORE_DIR), written atomically, mode 0600. */
export function fileKeyStore(dir: string): CaseKeyStore {
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	const fileOf = (caseId: string) => {
		if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new Error('not a case id');
		return path.join(dir, `${caseId}.key`);
	};
	return {
		get: (caseId) => (fs.existsSync(fileOf(caseId)) ? fs.readFileSync(fileOf(caseId), 'utf8').trim() || null : null),
		put: (caseId, wrapped) => {
			const temporary = `${fileOf(caseId)}.${randomBytes(4).toString('hex')}.tmp`;
			fs.writeFileSync(temporary, wrapped, { mode: 0o600 });
			fs.renameSync(temporary, fileOf(caseId));
		},
		destroy: (caseId) => {
			const file = fileOf(caseId);
			if (!fs.existsSync(file)) return;
			fs.writeFileSync(file, randomBytes(fs.statSync(file).size));
			fs.rmSync(file);
		}
	};
}

/** For tests: the same contract in memory. */
export function memoryKeyStore(): CaseKeyStore & { size(): number } {
	const keys = new Map<string, string>();
	return { get: (id) => keys.get(id) ?? null, put: (id, wrapped) => void keys.set(id, wrapped), destroy: (id) => void keys.delete(id), size: () => keys.size };
}

export interface SspfKeyring {
	/** The wrapped data keys (never in the database). */
	store: CaseKeyStore;
	/** The key new data keys are wrapped with. */
	current: MasterKey;
	/** Earlier master keys, kept until every data key has been re-wrapped (see `rotateCaseKeys`). */
	previous: MasterKey[];
	/** The key of the blind index of personal identity numbers (derived from the current master key). */
	blindIndexKey: Buffer;
}

const WRAP_PREFIX = 'k1';
const FIELD_PREFIX = 'f1';

export function masterKeyFrom(material: Buffer): MasterKey {
	if (material.length !== 32) throw new Error('SSPF master key must be 32 bytes (64 hex digits or 44 base64 characters)');
	return { id: createHash('sha256').update(material).digest('hex').slice(0, 12), key: material };
}

/** A key given as 64 hex digits or base64 of 32 bytes. */
export function parseMasterKey(text: string): MasterKey {
	const trimmed = text.trim();
	const material = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
	return masterKeyFrom(material);
}

export function keyringOf(current: MasterKey, previous: MasterKey[] = [], store: CaseKeyStore = memoryKeyStore()): SspfKeyring {
	const blindIndexKey = Buffer.from(hkdfSync('sha256', current.key, Buffer.alloc(0), 'forebygg sspf blind index v1', 32));
	return { store, current, previous: previous.filter((key) => key.id !== current.id), blindIndexKey };
}

/**
 * The keyring the server runs with: SSPF_MASTER_KEY, else the file SSPF_MASTER_KEY_FILE, else
 * DATA_DIR/sspf-master.key (made with mode 0600 on first start). SSPF_PREVIOUS_MASTER_KEYS
 * (comma-separated) are the keys a rotation moves away from.
 */
export function loadKeyring(env: NodeJS.ProcessEnv, dataDir: string): SspfKeyring {
	const previous = (env.SSPF_PREVIOUS_MASTER_KEYS ?? '')
		.split(',')
		.map((value) => value.trim())
		.filter(Boolean)
		.map(parseMasterKey);
	const store = fileKeyStore(env.SSPF_KEY_STORE_DIR?.trim() || path.join(dataDir, 'sspf-keys'));
	if (env.SSPF_MASTER_KEY?.trim()) return keyringOf(parseMasterKey(env.SSPF_MASTER_KEY), previous, store);
	const file = env.SSPF_MASTER_KEY_FILE?.trim() || path.join(dataDir, 'sspf-master.key');
	if (!fs.existsSync(file)) {
		if (env.SSPF_MASTER_KEY_FILE?.trim()) throw new Error(`SSPF_MASTER_KEY_FILE ${file} does not exist`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		// 'wx': two processes starting at once never overwrite each other's key.
		try {
			fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	return keyringOf(parseMasterKey(fs.readFileSync(file, 'utf8')), previous, store);
}

/** A fresh keyring for tests and benchmarks (nothing written to disk). */
export function ephemeralKeyring(): SspfKeyring {
	return keyringOf(masterKeyFrom(randomBytes(32)));
}

function seal(key: Buffer, plaintext: Buffer, associated: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(Buffer.from(associated, 'utf8'));
	const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
	return [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function open(key: Buffer, sealed: string, associated: string): Buffer {
	const [iv, tag, body] = sealed.split('.');
	if (!iv || !tag || body === undefined) throw new SspfCryptoError('malformed');
	const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
	decipher.setAAD(Buffer.from(associated, 'utf8'));
	decipher.setAuthTag(Buffer.from(tag, 'base64url'));
	try {
		return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
	} catch {
		throw new SspfCryptoError('not_authentic');
	}
}

/** Carries no plaintext and no key material: safe to log. */
export class SspfCryptoError extends Error {
	constructor(readonly reason: 'malformed' | 'not_authentic' | 'unknown_master_key' | 'key_destroyed') {
		super(`SSPF decryption failed: ${reason}`);
		this.name = 'SspfCryptoError';
	}
}

/** A new random data key for a case; its wrapped form goes to the key store (`storeCaseKey`) when the case is written. */
export function newCaseKey(keyring: SspfKeyring, caseId: string): { dataKey: Buffer; wrapped: string } {
	const dataKey = randomBytes(32);
	return { dataKey, wrapped: wrapCaseKey(keyring, caseId, dataKey) };
}

/** The case's data key from the key store; `key_destroyed` once the case is erased. */
export function caseDataKey(keyring: SspfKeyring, caseId: string): Buffer {
	return unwrapCaseKey(keyring, caseId, keyring.store.get(caseId));
}

export function wrapCaseKey(keyring: SspfKeyring, caseId: string, dataKey: Buffer): string {
	return `${WRAP_PREFIX}:${keyring.current.id}:${seal(keyring.current.key, dataKey, `case-key:${caseId}`)}`;
}

/** Unwraps with whichever master key wrapped it (the current one or one being rotated away from). */
export function unwrapCaseKey(keyring: SspfKeyring, caseId: string, wrapped: string | null): Buffer {
	if (!wrapped) throw new SspfCryptoError('key_destroyed');
	const [prefix, keyId, ...rest] = wrapped.split(':');
	if (prefix !== WRAP_PREFIX || !keyId || rest.length !== 1) throw new SspfCryptoError('malformed');
	const master = [keyring.current, ...keyring.previous].find((key) => key.id === keyId);
	if (!master) throw new SspfCryptoError('unknown_master_key');
	return open(master.key, rest[0]!, `case-key:${caseId}`);
}

/** Which master key wrapped a data key (rotation re-wraps those not wrapped by the current one). */
export function wrappingKeyId(wrapped: string): string | null {
	return wrapped.split(':')[1] ?? null;
}

/** One field of a case, sealed under the case's data key and bound to case, record and field. */
export function encryptField(dataKey: Buffer, caseId: string, field: string, value: unknown): string {
	return `${FIELD_PREFIX}:${seal(dataKey, Buffer.from(JSON.stringify(value ?? null), 'utf8'), `field:${caseId}:${field}`)}`;
}

export function decryptField<T = unknown>(dataKey: Buffer, caseId: string, field: string, sealed: string): T {
	if (!sealed.startsWith(`${FIELD_PREFIX}:`)) throw new SspfCryptoError('malformed');
	return JSON.parse(open(dataKey, sealed.slice(FIELD_PREFIX.length + 1), `field:${caseId}:${field}`).toString('utf8')) as T;
}

/** Bytes (a scanned consent form) sealed the same way. */
export function encryptBytes(dataKey: Buffer, caseId: string, field: string, bytes: Uint8Array): string {
	return `${FIELD_PREFIX}:${seal(dataKey, Buffer.from(bytes), `bytes:${caseId}:${field}`)}`;
}

export function decryptBytes(dataKey: Buffer, caseId: string, field: string, sealed: string): Buffer {
	if (!sealed.startsWith(`${FIELD_PREFIX}:`)) throw new SspfCryptoError('malformed');
	return open(dataKey, sealed.slice(FIELD_PREFIX.length + 1), `bytes:${caseId}:${field}`);
}

/**
 * The blind index of a (normalised, 12-digit) personal identity number: a keyed hash, so the
 * database can find a case by the number without holding it, and nobody without the key can test
 * guesses against the column (the number space is small enough to enumerate with a plain hash).
 */
export function blindIndex(keyring: SspfKeyring, personnummer: string): string {
	return createHmac('sha256', keyring.blindIndexKey).update(`pnr:${personnummer}`).digest('base64url');
}

export function sameIndex(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

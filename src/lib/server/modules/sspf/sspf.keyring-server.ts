import { readConfig } from '../../platform/config';
import { loadKeyring, type SspfKeyring } from './sspf.crypto';

let keyring: SspfKeyring | null = null;

/** The running server's keyring, read (or, for the demo, created under DATA_DIR) on first use. */
export function serverKeyring(): SspfKeyring {
	keyring ??= loadKeyring(process.env, readConfig().dataDir);
	return keyring;
}

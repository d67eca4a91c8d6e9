import { readConfig } from '../../platform/config';
import { ephemeralKeyring, loadKeyring, type SspfKeyring } from './sspf.crypto';

let keyring: SspfKeyring | null = null;

/** The running server's keyring, read (or, for the demo, created under DATA_DIR) on first use. */
export function serverKeyring(): SspfKeyring {
	// Tests that seed every module's demo get keys in memory, not key files in the developer's data folder.
	keyring ??= process.env.VITEST ? ephemeralKeyring() : loadKeyring(process.env, readConfig().dataDir);
	return keyring;
}

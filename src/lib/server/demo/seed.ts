import type { Db } from '../db/client';
import { countMunicipalities } from '../modules/organisations/organisations.repository';
import { SERVER_MODULES } from '../modules/registry';
import { seedFoundation } from './foundation';

/** Seeds the demo municipalities, then lets each module add its demo data. Only on an empty database. */
export async function seedDemo(db: Db, options: { force?: boolean } = {}): Promise<boolean> {
	if (!options.force && (await countMunicipalities(db)) > 0) return false;
	const refs = await seedFoundation(db);
	for (const module of SERVER_MODULES) await module.seedDemo?.({ db, refs });
	return true;
}

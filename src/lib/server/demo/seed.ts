import type { Db } from '../db/client';
import { countMunicipalities } from '../modules/organisations/organisations.repository';
import { SERVER_MODULES } from '../modules/registry';
import { logger } from '../platform/logger';
import { seedFoundation } from './foundation';

/**
 * Seeds the demo municipalities, then lets each module add its demo data. Only on an empty
 * database. Each stage logs its time, so a slow first start says where the time went.
 */
export async function seedDemo(db: Db, options: { force?: boolean } = {}): Promise<boolean> {
	if (!options.force && (await countMunicipalities(db)) > 0) return false;
	logger.info('demo: seeding the demo municipalities (first start only)');
	let started = performance.now();
	const lap = (stage: string) => {
		const now = performance.now();
		logger.info(`demo: ${stage} seeded`, { ms: Math.round(now - started) });
		started = now;
	};
	const refs = await seedFoundation(db);
	lap('municipalities, organisations and users');
	for (const module of SERVER_MODULES) {
		if (!module.seedDemo) continue;
		await module.seedDemo({ db, refs });
		lap(module.id);
	}
	return true;
}

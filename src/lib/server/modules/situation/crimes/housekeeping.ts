import type { DbOrTx } from '../../../db/client';
import { deleteCrimeDraftsBefore } from './crimes.repository';

/**
 * A crime import draft holds a whole extract until the user decides; one left behind (a closed
 * tab, a lost session) is of no use after a day and should not keep the rows around.
 */
export const CRIME_DRAFT_MAX_AGE_HOURS = 24;

/** Deletes drafts older than the limit; the hourly job calls it. Returns how many went. */
export async function deleteStaleCrimeDrafts(db: DbOrTx, now: Date = new Date()): Promise<number> {
	const cutoff = new Date(now.getTime() - CRIME_DRAFT_MAX_AGE_HOURS * 3_600_000);
	return deleteCrimeDraftsBefore(db, cutoff);
}

import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { estImportDrafts } from './est.table';

export async function insertImportDraft(db: DbOrTx, values: typeof estImportDrafts.$inferInsert): Promise<string> {
	// A person's drafts older than a day are dropped when they start a new one.
	await db.delete(estImportDrafts).where(and(eq(estImportDrafts.userId, values.userId), lt(estImportDrafts.createdAt, new Date(Date.now() - 86_400_000))));
	const [row] = await db.insert(estImportDrafts).values(values).returning({ id: estImportDrafts.id });
	return row.id;
}

/** The person's own draft in the municipality, or null. */
export async function findImportDraft(db: DbOrTx, id: string, userId: string, municipalityId: string) {
	const [row] = await db
		.select()
		.from(estImportDrafts)
		.where(and(eq(estImportDrafts.id, id), eq(estImportDrafts.userId, userId), eq(estImportDrafts.municipalityId, municipalityId)));
	return row ?? null;
}

export async function setImportDraftMapping(db: DbOrTx, id: string, mapping: Record<string, string>): Promise<void> {
	await db.update(estImportDrafts).set({ mapping }).where(eq(estImportDrafts.id, id));
}

export async function deleteImportDraft(db: DbOrTx, id: string): Promise<void> {
	await db.delete(estImportDrafts).where(eq(estImportDrafts.id, id));
}

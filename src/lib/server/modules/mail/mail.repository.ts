import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { mailOutbox } from './mail.table';

export function listOutbox(db: DbOrTx, limit = 200) {
	return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit);
}

export async function insertOutboxMail(db: DbOrTx, values: typeof mailOutbox.$inferInsert): Promise<string> {
	const [row] = await db.insert(mailOutbox).values(values).returning({ id: mailOutbox.id });
	return row.id;
}

export async function markOutboxMail(db: DbOrTx, id: string, values: { sentAt?: Date; error?: string; body?: string }): Promise<void> {
	await db.update(mailOutbox).set(values).where(eq(mailOutbox.id, id));
}

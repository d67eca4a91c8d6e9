import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { browseAuditLog } from './audit.usecases';

const PAGE_SIZE = 50;

/** Reads the filter from the query string (what the filter form submits) and loads one page. */
export async function loadAuditPage(options: { db: Db; actor: Actor; url: URL; municipalityId: string | null }) {
	const params = options.url.searchParams;
	const page = Math.min(10_000, Math.max(1, Number.parseInt(params.get('sida') ?? '1', 10) || 1));
	// Only real calendar dates: 2024-02-31 matches the pattern but would make the database fail.
	const date = (value: string | null) =>
		value && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? value : undefined;
	const filter = {
		municipalityId: options.municipalityId,
		action: params.get('handelse') || undefined,
		search: params.get('sok')?.slice(0, 200) || undefined,
		from: date(params.get('fran')),
		to: date(params.get('till')),
		limit: PAGE_SIZE + 1,
		offset: (page - 1) * PAGE_SIZE
	};
	const { rows, actions } = await browseAuditLog({ actor: options.actor, db: options.db, filter });
	return {
		rows: rows.slice(0, PAGE_SIZE).map((row) => ({ ...row, changes: row.changes ? JSON.stringify(row.changes) : '' })),
		actions,
		page,
		hasMore: rows.length > PAGE_SIZE,
		filter: { handelse: filter.action ?? '', sok: filter.search ?? '', fran: filter.from ?? '', till: filter.to ?? '' }
	};
}

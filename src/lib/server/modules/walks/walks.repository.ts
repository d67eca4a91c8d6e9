import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships, users } from '../users/users.table';
import {
	walkChecklistCategories,
	walkFindingEvents,
	walkFindingPhotos,
	walkFindings,
	walkOwnerLinks,
	walkResidentReports,
	walkStopScores,
	walkStops,
	walks
} from './walks.table';

export type WalkRow = typeof walks.$inferSelect;
export type FindingRow = typeof walkFindings.$inferSelect;
export type StopRow = typeof walkStops.$inferSelect;

export function listChecklistCategories(db: DbOrTx, municipalityId: string) {
	return db
		.select()
		.from(walkChecklistCategories)
		.where(eq(walkChecklistCategories.municipalityId, municipalityId))
		.orderBy(asc(walkChecklistCategories.position));
}

export async function replaceChecklistCategories(db: DbOrTx, municipalityId: string, labels: readonly string[]) {
	await db.delete(walkChecklistCategories).where(eq(walkChecklistCategories.municipalityId, municipalityId));
	if (labels.length) await db.insert(walkChecklistCategories).values(labels.map((label, position) => ({ municipalityId, label, position })));
}

export function listWalksOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db.select().from(walks).where(eq(walks.municipalityId, municipalityId)).orderBy(desc(walks.walkAt));
}

export function listPublishedWalks(db: DbOrTx, municipalityId: string) {
	return db
		.select()
		.from(walks)
		.where(and(eq(walks.municipalityId, municipalityId), sql`${walks.publishedAt} is not null`))
		.orderBy(desc(walks.walkAt));
}

export async function findWalk(db: DbOrTx, municipalityId: string, walkId: string): Promise<WalkRow | null> {
	if (!isUuid(walkId)) return null;
	const [row] = await db
		.select()
		.from(walks)
		.where(and(eq(walks.id, walkId), eq(walks.municipalityId, municipalityId)));
	return row ?? null;
}

export async function insertWalk(db: DbOrTx, values: typeof walks.$inferInsert): Promise<string> {
	const [row] = await db.insert(walks).values(values).returning({ id: walks.id });
	return row.id;
}

export async function updateWalk(db: DbOrTx, walkId: string, values: Partial<typeof walks.$inferInsert>) {
	await db.update(walks).set(values).where(eq(walks.id, walkId));
}

export async function replaceStops(db: DbOrTx, walkId: string, stops: { name: string; lat: number | null; lon: number | null }[]) {
	await db.delete(walkStops).where(eq(walkStops.walkId, walkId));
	if (stops.length) await db.insert(walkStops).values(stops.map((stop, position) => ({ walkId, position, ...stop })));
}

export function listStops(db: DbOrTx, walkId: string) {
	return db.select().from(walkStops).where(eq(walkStops.walkId, walkId)).orderBy(asc(walkStops.position));
}

export function listScores(db: DbOrTx, walkId: string) {
	return db
		.select({ stopId: walkStopScores.stopId, category: walkStopScores.category, score: walkStopScores.score })
		.from(walkStopScores)
		.innerJoin(walkStops, eq(walkStops.id, walkStopScores.stopId))
		.where(eq(walkStops.walkId, walkId));
}

export async function upsertScore(db: DbOrTx, values: typeof walkStopScores.$inferInsert) {
	await db
		.insert(walkStopScores)
		.values(values)
		.onConflictDoUpdate({
			target: [walkStopScores.stopId, walkStopScores.category],
			set: { score: values.score, scoredAt: new Date(), scoredBy: values.scoredBy }
		});
}

export function listFindings(db: DbOrTx, walkId: string) {
	return db.select().from(walkFindings).where(eq(walkFindings.walkId, walkId)).orderBy(asc(walkFindings.number));
}

export function listFindingsOfMunicipality(db: DbOrTx, municipalityId: string) {
	return db.select().from(walkFindings).where(eq(walkFindings.municipalityId, municipalityId)).orderBy(asc(walkFindings.walkId), asc(walkFindings.number));
}

export async function findFinding(db: DbOrTx, municipalityId: string, findingId: string): Promise<FindingRow | null> {
	if (!isUuid(findingId)) return null;
	const [row] = await db
		.select()
		.from(walkFindings)
		.where(and(eq(walkFindings.id, findingId), eq(walkFindings.municipalityId, municipalityId)));
	return row ?? null;
}

export async function findFindingByClientId(db: DbOrTx, walkId: string, clientId: string): Promise<FindingRow | null> {
	const [row] = await db
		.select()
		.from(walkFindings)
		.where(and(eq(walkFindings.walkId, walkId), eq(walkFindings.clientId, clientId)));
	return row ?? null;
}

/**
 * Inserts the finding unless one with its client id exists (two walkers, a resent queue): the
 * unique (walk, client id) decides, so concurrent posts cannot both insert. Null when it existed.
 */
export async function insertFindingOnce(db: DbOrTx, values: Omit<typeof walkFindings.$inferInsert, 'number'>): Promise<FindingRow | null> {
	// The walk row is locked so that the next number is taken by one insert at a time.
	await db.execute(sql`select id from walks where id = ${values.walkId} for update`);
	const [{ highest }] = await db
		.select({ highest: max(walkFindings.number) })
		.from(walkFindings)
		.where(eq(walkFindings.walkId, values.walkId));
	const [row] = await db
		.insert(walkFindings)
		.values({ ...values, number: (highest ?? 0) + 1 })
		.onConflictDoNothing({ target: [walkFindings.walkId, walkFindings.clientId] })
		.returning();
	return row ?? null;
}

export async function updateFinding(db: DbOrTx, findingId: string, values: Partial<typeof walkFindings.$inferInsert>) {
	await db
		.update(walkFindings)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(walkFindings.id, findingId));
}

export async function insertFindingEvent(db: DbOrTx, values: typeof walkFindingEvents.$inferInsert) {
	await db.insert(walkFindingEvents).values(values);
}

export function listFindingEvents(db: DbOrTx, findingIds: string[]) {
	if (findingIds.length === 0) return Promise.resolve([]);
	return db.select().from(walkFindingEvents).where(inArray(walkFindingEvents.findingId, findingIds)).orderBy(asc(walkFindingEvents.at));
}

export async function insertPhoto(db: DbOrTx, values: typeof walkFindingPhotos.$inferInsert): Promise<string> {
	const [row] = await db.insert(walkFindingPhotos).values(values).returning({ id: walkFindingPhotos.id });
	return row.id;
}

/** Photos without their bytes (for lists). */
export function listPhotoInfo(db: DbOrTx, findingIds: string[]) {
	if (findingIds.length === 0) return Promise.resolve([]);
	return db
		.select({
			id: walkFindingPhotos.id,
			findingId: walkFindingPhotos.findingId,
			kind: walkFindingPhotos.kind,
			publishable: walkFindingPhotos.publishable,
			width: walkFindingPhotos.width,
			height: walkFindingPhotos.height
		})
		.from(walkFindingPhotos)
		.where(inArray(walkFindingPhotos.findingId, findingIds))
		.orderBy(asc(walkFindingPhotos.createdAt));
}

export async function findPhoto(db: DbOrTx, municipalityId: string, photoId: string) {
	if (!isUuid(photoId)) return null;
	const [row] = await db
		.select({ photo: walkFindingPhotos, walkId: walkFindings.walkId })
		.from(walkFindingPhotos)
		.innerJoin(walkFindings, eq(walkFindings.id, walkFindingPhotos.findingId))
		.where(and(eq(walkFindingPhotos.id, photoId), eq(walkFindings.municipalityId, municipalityId)));
	return row ?? null;
}

export async function setPhotoPublishable(db: DbOrTx, photoId: string, publishable: boolean) {
	await db.update(walkFindingPhotos).set({ publishable }).where(eq(walkFindingPhotos.id, photoId));
}

export async function insertOwnerLink(db: DbOrTx, values: typeof walkOwnerLinks.$inferInsert): Promise<string> {
	const [row] = await db.insert(walkOwnerLinks).values(values).returning({ id: walkOwnerLinks.id });
	return row.id;
}

export async function findOwnerLinkByHash(db: DbOrTx, tokenHash: string) {
	const [row] = await db.select().from(walkOwnerLinks).where(eq(walkOwnerLinks.tokenHash, tokenHash));
	return row ?? null;
}

export function listOwnerLinks(db: DbOrTx, walkId: string) {
	return db.select().from(walkOwnerLinks).where(eq(walkOwnerLinks.walkId, walkId)).orderBy(asc(walkOwnerLinks.createdAt));
}

export async function findActiveOwnerLink(db: DbOrTx, walkId: string, ownerEmail: string, now: Date) {
	const [row] = await db
		.select()
		.from(walkOwnerLinks)
		.where(and(eq(walkOwnerLinks.walkId, walkId), sql`lower(${walkOwnerLinks.ownerEmail}) = lower(${ownerEmail})`, isNull(walkOwnerLinks.revokedAt)));
	return row && row.expiresAt > now ? row : null;
}

export async function updateOwnerLink(db: DbOrTx, linkId: string, values: Partial<typeof walkOwnerLinks.$inferInsert>) {
	await db.update(walkOwnerLinks).set(values).where(eq(walkOwnerLinks.id, linkId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** Photos with their bytes (for the protocol), oldest first. */
export function listPhotosWithBytes(db: DbOrTx, findingIds: string[]) {
	if (findingIds.length === 0) return Promise.resolve([]);
	return db.select().from(walkFindingPhotos).where(inArray(walkFindingPhotos.findingId, findingIds)).orderBy(asc(walkFindingPhotos.createdAt));
}

/** Findings of the municipality's published walks (public pages and open data). */
export function listPublishedFindings(db: DbOrTx, municipalityId: string) {
	return db
		.select({ finding: walkFindings, walkTitle: walks.title, walkAt: walks.walkAt, areaName: walks.areaName })
		.from(walkFindings)
		.innerJoin(walks, eq(walks.id, walkFindings.walkId))
		.where(and(eq(walkFindings.municipalityId, municipalityId), sql`${walks.publishedAt} is not null`))
		.orderBy(desc(walks.walkAt), asc(walkFindings.number));
}

export async function insertResidentReport(db: DbOrTx, values: typeof walkResidentReports.$inferInsert): Promise<string> {
	const [row] = await db.insert(walkResidentReports).values(values).returning({ id: walkResidentReports.id });
	return row.id;
}

export function listWaitingReports(db: DbOrTx, municipalityId: string) {
	return db
		.select({
			id: walkResidentReports.id,
			place: walkResidentReports.place,
			category: walkResidentReports.category,
			description: walkResidentReports.description,
			hasPhoto: sql<boolean>`${walkResidentReports.photo} is not null`,
			receivedAt: walkResidentReports.receivedAt
		})
		.from(walkResidentReports)
		.where(and(eq(walkResidentReports.municipalityId, municipalityId), eq(walkResidentReports.status, 'vantar')))
		.orderBy(asc(walkResidentReports.receivedAt));
}

export async function findResidentReport(db: DbOrTx, municipalityId: string, reportId: string) {
	if (!isUuid(reportId)) return null;
	const [row] = await db
		.select()
		.from(walkResidentReports)
		.where(and(eq(walkResidentReports.id, reportId), eq(walkResidentReports.municipalityId, municipalityId)));
	return row ?? null;
}

export async function updateResidentReport(db: DbOrTx, reportId: string, values: Partial<typeof walkResidentReports.$inferInsert>) {
	await db.update(walkResidentReports).set(values).where(eq(walkResidentReports.id, reportId));
}

/** The staff (medarbetare) of the organisations in the municipality: who is reminded for an owning organisation. */
export async function staffOfOrganisations(db: DbOrTx, municipalityId: string, organisationIds: string[]) {
	if (organisationIds.length === 0) return [];
	return db
		.select({ email: users.email, name: users.name, organisationId: memberships.organisationId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.municipalityId, municipalityId), eq(memberships.role, 'medarbetare'), inArray(memberships.organisationId, organisationIds)));
}

/** Everyone with a role in the organisations (an invited organisation's members), once per e-mail address. */
export async function membersOfOrganisations(db: DbOrTx, municipalityId: string, organisationIds: string[]) {
	if (organisationIds.length === 0) return [];
	return db
		.selectDistinctOn([users.email], { email: users.email, name: users.name, organisationId: memberships.organisationId })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.municipalityId, municipalityId), inArray(memberships.organisationId, organisationIds), eq(users.disabled, false)))
		.orderBy(asc(users.email));
}

/**
 * The findings of walks held around two days (a day's margin; the caller keeps the period by the Swedish date), for the lägesbild's
 * count per area, category and month: the walk's area and date, the finding's category. A
 * re-walk's check of an earlier finding and a rejected finding are left out (not a new place).
 */
export function listFindingsForSituation(db: DbOrTx, municipalityId: string, from: string, to: string) {
	return db
		.select({ areaId: walks.areaId, areaName: walks.areaName, walkAt: walks.walkAt, category: walkFindings.category })
		.from(walkFindings)
		.innerJoin(walks, eq(walks.id, walkFindings.walkId))
		.where(
			and(
				eq(walkFindings.municipalityId, municipalityId),
				isNull(walkFindings.previousFindingId),
				sql`${walkFindings.state} <> 'avvisad'`,
				// A day's margin each side: the caller reads the walk's Swedish date and keeps the period's exactly.
				sql`${walks.walkAt} >= ${from}::date - 1`,
				sql`${walks.walkAt} < ${to}::date + 2`
			)
		);
}

/** Walks whose follow-up meeting is between the two moments (the reminder job's window). */
export function walksWithFollowUpBetween(db: DbOrTx, from: Date, to: Date) {
	return db
		.select()
		.from(walks)
		.where(and(sql`${walks.followUpAt} > ${from.toISOString()}`, sql`${walks.followUpAt} <= ${to.toISOString()}`));
}

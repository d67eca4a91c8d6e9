import type { Db, DbOrTx } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor, Principal } from '../../platform/authz';
import type { Config } from '../../platform/config';
import { newToken, sha256Hex } from '../../platform/crypto';
import { AppError, NotFoundError, codedValidationError, validationErrorFromIssues, type FieldCode } from '../../platform/errors';
import { preparePhoto } from '../../platform/files/images';
import { decide } from '../../platform/authz';
import { convertDocxToPdf } from '../../platform/documents/pdf';
import { recordAudit } from '../audit/public';
import { sendMail } from '../mail/public';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { listAreaGeometries, listAreaRows } from '../situation/public';
import {
	DEFAULT_CHECKLIST,
	RESIDENTS_WARNING_ABOVE,
	assignFindingSchema,
	changeStateSchema,
	isOpenState,
	mayChangeTo,
	parseDrawnArea,
	parseStops,
	planWalkSchema,
	recordFindingSchema,
	residentReportSchema,
	stockholmDateTime,
	toStockholmLocal,
	type FindingState
} from './walks.models';
import {
	findActiveOwnerLink,
	findFinding,
	findOwnerLinkByHash,
	findWalk,
	insertFindingEvent,
	insertFindingOnce,
	insertOwnerLink,
	insertPhoto,
	insertWalk,
	isUuid,
	listChecklistCategories,
	listFindingEvents,
	listFindings,
	listOwnerLinks,
	listPhotoInfo,
	listPhotosWithBytes,
	insertResidentReport,
	listWaitingReports,
	findResidentReport,
	updateResidentReport,
	listPublishedFindings,
	listPublishedWalks,
	listScores,
	listStops,
	listWalksOfMunicipality,
	replaceChecklistCategories,
	replaceStops,
	setPhotoPublishable,
	findPhoto,
	updateFinding,
	updateOwnerLink,
	updateWalk,
	upsertScore,
	findFindingByClientId,
	type FindingRow,
	type WalkRow
} from './walks.repository';
import { walkProtocolDocx } from './walks.protocol';
import { invitationMails, invitationsToSend, type InvitationSetup } from './walks.invitations';
import type { OutgoingMail } from '../mail/public';

/** How long an outside owner's link works: past the follow-up meeting, with time to answer after it. */
export const OWNER_LINK_DAYS = 60;

type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** Parses with the module's schema; its messages are codes (a Zod default message reads as "this field needs correcting"). */
function parseCoded<T>(schema: Schema<T>, input: unknown): T {
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	throw validationErrorFromIssues(
		parsed.error.issues.map((issue) => (issue.message.startsWith('walks.') ? issue : { ...issue, message: 'walks.field_invalid' }))
	);
}

const who = (principal: Principal) => (principal.kind === 'person' ? principal.name : `system:${principal.reason}`);
const userOf = (principal: Principal) => (principal.kind === 'person' ? principal.userId : null);

// ---------------------------------------------------------------------------------------------
// Checklist template

/** The municipality's checklist, with the defaults written the first time it is asked for. */
async function checklistLabels(db: DbOrTx, municipalityId: string): Promise<string[]> {
	const rows = await listChecklistCategories(db, municipalityId);
	return rows.length ? rows.filter((row) => row.active).map((row) => row.label) : [...DEFAULT_CHECKLIST];
}

export async function walkChecklist(options: { db: Db; actor: Principal; municipalityId: string }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	return checklistLabels(options.db, options.municipalityId);
}

/** The coordinator edits the template (one category a line); walks already planned keep theirs. */
export async function updateChecklist(options: { db: Db; actor: Principal; municipalityId: string; text: string; ip: string | null }) {
	requireAccess(options.actor, 'walk.plan', { municipalityId: options.municipalityId });
	const labels = [
		...new Set(
			options.text
				.split(/\r?\n/)
				.map((line) => line.trim().slice(0, 120))
				.filter(Boolean)
		)
	];
	if (labels.length === 0) throw codedValidationError({ checklist: { code: 'walks.checklist_empty' } });
	await options.db.transaction(async (tx) => {
		const before = await checklistLabels(tx, options.municipalityId);
		await replaceChecklistCategories(tx, options.municipalityId, labels);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.checklist.updated',
				entityType: 'walk_checklist',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: { categories: { before: before.join('; '), after: labels.join('; ') } }
			}
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Planning

export interface WalkSummary {
	id: string;
	title: string;
	areaName: string;
	walkAt: Date;
	findings: number;
	open: number;
	/** Answered "inte vårt ansvar": waiting for the coordinator to reassign. */
	notOurs: number;
	published: boolean;
}

export async function listWalks(options: { db: Db; actor: Principal; municipalityId: string }): Promise<WalkSummary[]> {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const rows = await listWalksOfMunicipality(options.db, options.municipalityId);
	const result: WalkSummary[] = [];
	for (const walk of rows) {
		const findings = await listFindings(options.db, walk.id);
		result.push({
			id: walk.id,
			title: walk.title,
			areaName: walk.areaName,
			walkAt: walk.walkAt,
			findings: findings.length,
			open: findings.filter((f) => isOpenState(f.state as FindingState)).length,
			notOurs: findings.filter((f) => f.state === 'inte_vart_ansvar').length,
			published: walk.publishedAt !== null
		});
	}
	return result;
}

/** What the planning form offers: the lägesbild's areas, the partnership's organisations, earlier walks and the checklist. */
export async function planningChoices(options: { db: Db; actor: Principal; municipalityId: string }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const areaRows = await listAreaRows(options.db, options.municipalityId);
	const organisations = await listOrganisationsOfMunicipality(options.db, options.municipalityId);
	const walks = await listWalksOfMunicipality(options.db, options.municipalityId);
	return {
		areas: areaRows.map((area) => ({ id: area.id, name: area.name })),
		organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
		earlierWalks: walks.map((w) => ({ id: w.id, title: w.title, walkAt: w.walkAt })),
		checklist: await checklistLabels(options.db, options.municipalityId)
	};
}

/** Warnings that do not stop the plan: too many residents for one group. */
export function planWarnings(residentsExpected: number): string[] {
	return residentsExpected > RESIDENTS_WARNING_ABOVE ? ['walks.warning.too_many_residents'] : [];
}

/** Reads and checks the posted plan (the fields as strings; `stops` one per line, `route` JSON [[lon, lat], …]). */
async function checkedPlan(db: DbOrTx, municipalityId: string, input: unknown) {
	const plan = parseCoded(planWalkSchema, input);
	const errors: Record<string, FieldCode> = {};
	let areaName = plan.areaName;
	let areaId: string | null = null;
	if (plan.areaId) {
		const area = isUuid(plan.areaId) ? (await listAreaRows(db, municipalityId)).find((row) => row.id === plan.areaId) : undefined;
		if (!area) errors.areaId = { code: 'walks.area_unknown' };
		else {
			areaId = area.id;
			areaName ||= area.name;
		}
	}
	if (!areaId && !areaName) errors.areaName = { code: 'walks.area_required' };
	const organisationIds = new Set((await listOrganisationsOfMunicipality(db, municipalityId)).map((o) => o.id));
	if (plan.invitedOrganisationIds.some((id) => !organisationIds.has(id))) errors.invitedOrganisationIds = { code: 'walks.organisation_unknown' };
	let route: [number, number][] | null = null;
	if (plan.route.trim()) {
		try {
			const parsed: unknown = JSON.parse(plan.route);
			if (!Array.isArray(parsed) || !parsed.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
				throw new Error('shape');
			}
			route = parsed as [number, number][];
		} catch {
			errors.route = { code: 'walks.route_invalid' };
		}
	}
	let drawnArea: ReturnType<typeof parseDrawnArea> = null;
	if (plan.drawnArea.trim()) {
		drawnArea = parseDrawnArea(plan.drawnArea);
		if (!drawnArea) errors.drawnArea = { code: 'walks.drawn_area_invalid' };
	}
	const stops = parseStops(plan.stops);
	if (stops.length === 0) errors.stops = { code: 'walks.stops_required' };
	if (stops.length > 60) errors.stops = { code: 'walks.stops_too_many' };
	let previousWalkId: string | null = null;
	if (plan.previousWalkId) {
		const previous = await findWalk(db, municipalityId, plan.previousWalkId);
		if (!previous) errors.previousWalkId = { code: 'walks.previous_unknown' };
		else previousWalkId = previous.id;
	}
	const walkAt = stockholmDateTime(plan.walkAt)!;
	const preMeetingAt = plan.preMeetingAt ? stockholmDateTime(plan.preMeetingAt) : null;
	const followUpAt = plan.followUpAt ? stockholmDateTime(plan.followUpAt) : null;
	if (preMeetingAt && preMeetingAt > walkAt) errors.preMeetingAt = { code: 'walks.pre_meeting_after_walk' };
	if (followUpAt && followUpAt < walkAt) errors.followUpAt = { code: 'walks.follow_up_before_walk' };
	if (Object.keys(errors).length) throw codedValidationError(errors);
	return {
		values: {
			title: plan.title,
			areaId,
			areaName,
			meetingPlace: plan.meetingPlace,
			organiser: plan.organiser,
			invitedOrganisationIds: plan.invitedOrganisationIds,
			residentsExpected: Number(plan.residentsExpected || 0),
			preMeetingAt,
			walkAt,
			followUpAt,
			route,
			drawnArea,
			previousWalkId
		},
		stops
	};
}

const auditable = (values: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : (value ?? null)]));

/**
 * Sends the invitations built in a transaction, once it has committed (a rolled-back plan sends
 * nothing, and no mail server holds the transaction open). Each goes through the mail outbox.
 */
async function sendInvitations(db: Db, setup: InvitationSetup | undefined, mails: OutgoingMail[]) {
	if (!setup) return;
	for (const mail of mails) await sendMail(db, setup.config, mail);
}

/** The audit entry of invitations sent (who was invited to which meetings, how many mails). */
async function auditInvitations(
	tx: DbOrTx,
	actor: Actor | Principal,
	ip: string | null,
	municipalityId: string,
	walkId: string,
	sends: { organisationIds: string[]; meetings: string[] }[],
	mails: OutgoingMail[]
) {
	if (mails.length === 0) return;
	await recordAudit(
		tx,
		{ actor, ip },
		{
			action: 'walks.invitation.sent',
			entityType: 'walk',
			entityId: walkId,
			municipalityId,
			changes: {
				organisations: { before: null, after: [...new Set(sends.flatMap((s) => s.organisationIds))].join('; ') },
				meetings: { before: null, after: [...new Set(sends.flatMap((s) => s.meetings))].join('; ') },
				mails: { before: null, after: mails.length }
			}
		}
	);
}

/**
 * Plans a walk. With `invite`, the invited organisations' members get an e-mail per meeting with
 * its calendar invitation attached (sent after the plan is stored).
 */
export async function planWalk(options: {
	db: Db;
	actor: Actor | Principal;
	municipalityId: string;
	input: unknown;
	ip: string | null;
	invite?: InvitationSetup;
	now?: Date;
}) {
	requireAccess(options.actor, 'walk.plan', { municipalityId: options.municipalityId });
	const { result, mails } = await options.db.transaction(async (tx) => {
		const { values, stops } = await checkedPlan(tx, options.municipalityId, options.input);
		const checklist = await checklistLabels(tx, options.municipalityId);
		const id = await insertWalk(tx, { ...values, municipalityId: options.municipalityId, checklist, createdBy: userOf(options.actor) });
		await replaceStops(tx, id, stops);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.walk.planned',
				entityType: 'walk',
				entityId: id,
				municipalityId: options.municipalityId,
				changes: Object.fromEntries(
					Object.entries({ ...auditable(values), stops: stops.map((s) => s.name).join('; ') }).map(([key, after]) => [
						key,
						{ before: null, after: Array.isArray(after) ? after.length : after }
					])
				)
			}
		);
		const walk = (await findWalk(tx, options.municipalityId, id))!;
		const sends = options.invite ? invitationsToSend(null, walk) : [];
		const mails = options.invite ? await invitationMails(tx, options.municipalityId, walk, sends, options.invite, false, options.now) : [];
		await auditInvitations(tx, options.actor, options.ip, options.municipalityId, id, sends, mails);
		return { result: { id, warnings: planWarnings(values.residentsExpected), invitations: mails.length }, mails };
	});
	await sendInvitations(options.db, options.invite, mails);
	return result;
}

/** The planning form's values for a planned walk (what the edit page starts from). */
export async function walkPlanValues(options: { db: Db; actor: Principal; municipalityId: string; walkId: string }) {
	requireAccess(options.actor, 'walk.plan', { municipalityId: options.municipalityId });
	const walk = await requireWalk(options.db, options.municipalityId, options.walkId);
	const stops = await listStops(options.db, walk.id);
	return {
		walk: { id: walk.id, title: walk.title },
		values: {
			title: walk.title,
			areaId: walk.areaId ?? '',
			areaName: walk.areaName,
			drawnArea: walk.drawnArea ? JSON.stringify(walk.drawnArea) : '',
			meetingPlace: walk.meetingPlace,
			organiser: walk.organiser,
			invitedOrganisationIds: walk.invitedOrganisationIds,
			residentsExpected: String(walk.residentsExpected),
			preMeetingAt: toStockholmLocal(walk.preMeetingAt),
			walkAt: toStockholmLocal(walk.walkAt),
			followUpAt: toStockholmLocal(walk.followUpAt),
			stops: stops.map((s) => (s.lat !== null && s.lon !== null ? `${s.name} | ${s.lat}, ${s.lon}` : s.name)).join('\n'),
			route: walk.route ? JSON.stringify(walk.route) : '',
			previousWalkId: walk.previousWalkId ?? ''
		}
	};
}

/**
 * Changes a planned walk, audited field by field. With `invite`, invitations go again to those the
 * change concerns (a moved meeting, a newly invited organisation), after the change is stored.
 */
export async function updateWalkPlan(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	walkId: string;
	input: unknown;
	ip: string | null;
	invite?: InvitationSetup;
	now?: Date;
}) {
	requireAccess(options.actor, 'walk.plan', { municipalityId: options.municipalityId });
	const { result, mails } = await options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const { values, stops } = await checkedPlan(tx, options.municipalityId, options.input);
		const before = auditable(walk);
		const oldStops = await listStops(tx, walk.id);
		await updateWalk(tx, walk.id, values);
		// Stops keep their ids (and findings their stop) unless the list itself changed.
		const stopsChanged =
			oldStops.length !== stops.length ||
			stops.some((stop, index) => stop.name !== oldStops[index].name || stop.lat !== oldStops[index].lat || stop.lon !== oldStops[index].lon);
		if (stopsChanged) await replaceStops(tx, walk.id, stops);
		const after = auditable(values);
		const changes: Record<string, { before: unknown; after: unknown }> = {};
		for (const key of Object.keys(after)) {
			const b = JSON.stringify(before[key] ?? null);
			const a = JSON.stringify(after[key] ?? null);
			if (a !== b) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
		}
		const oldNames = oldStops.map((s) => s.name).join('; ');
		const newNames = stops.map((s) => s.name).join('; ');
		if (oldNames !== newNames) changes.stops = { before: oldNames, after: newNames };
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{ action: 'walks.walk.updated', entityType: 'walk', entityId: walk.id, municipalityId: options.municipalityId, changes }
		);
		const updated = (await findWalk(tx, options.municipalityId, walk.id))!;
		const sends = options.invite ? invitationsToSend(walk, updated) : [];
		const mails = options.invite ? await invitationMails(tx, options.municipalityId, updated, sends, options.invite, true, options.now) : [];
		await auditInvitations(tx, options.actor, options.ip, options.municipalityId, walk.id, sends, mails);
		return { result: { warnings: planWarnings(values.residentsExpected), invitations: mails.length }, mails };
	});
	await sendInvitations(options.db, options.invite, mails);
	return result;
}

/** The walk's area as a GeoJSON geometry: the lägesbild area's boundary, else the one drawn; null with only a name. */
async function walkAreaGeometry(db: DbOrTx, walk: WalkRow): Promise<unknown> {
	if (walk.areaId) {
		const row = (await listAreaRows(db, walk.municipalityId)).find((a) => a.id === walk.areaId);
		const shape = row ? (await listAreaGeometries(db, walk.municipalityId, row.kind)).find((a) => a.id === row.id) : undefined;
		if (shape) return shape.geometry;
	}
	return walk.drawnArea ?? null;
}

/**
 * What the walk's map draws: its area, the route as a line (else the stops in order), the stops
 * and the findings as points. `published` for the public page (only a published walk, no names).
 */
export async function walkMapView(options: { db: Db; actor?: Principal; municipalityId: string; walkId: string; published?: boolean }) {
	const walk = await findWalk(options.db, options.municipalityId, options.walkId);
	if (options.published) {
		if (!walk?.publishedAt) throw new NotFoundError('walks.walk_not_found');
		requireAccess(PUBLIC_SITE, 'walk.read', { municipalityId: options.municipalityId, published: true });
	} else {
		requireAccess(options.actor!, 'walk.read', { municipalityId: options.municipalityId });
		if (!walk) throw new NotFoundError('walks.walk_not_found');
	}
	const stops = await listStops(options.db, walk.id);
	const findings = await listFindings(options.db, walk.id);
	return {
		walk: { id: walk.id, title: walk.title, areaName: walk.areaName, walkAt: walk.walkAt },
		area: await walkAreaGeometry(options.db, walk),
		route: walk.route ?? stops.filter((s) => s.lat !== null && s.lon !== null).map((s) => [s.lon!, s.lat!] as [number, number]),
		stops: stops.map((s) => ({ id: s.id, name: s.name, lat: s.lat, lon: s.lon })),
		findings: findings.map((f) => ({
			id: f.id,
			number: f.number,
			category: f.category,
			state: f.state as FindingState,
			open: isOpenState(f.state as FindingState),
			stopId: f.stopId,
			lat: f.lat,
			lon: f.lon
		}))
	};
}

async function requireWalk(db: DbOrTx, municipalityId: string, walkId: string): Promise<WalkRow> {
	const walk = await findWalk(db, municipalityId, walkId);
	if (!walk) throw new NotFoundError('walks.walk_not_found');
	return walk;
}

async function requireFinding(db: DbOrTx, municipalityId: string, findingId: string): Promise<FindingRow> {
	const finding = await findFinding(db, municipalityId, findingId);
	if (!finding) throw new NotFoundError('walks.finding_not_found');
	return finding;
}

/** A walk with its stops, scores, findings (with photos and history) and, on a re-walk, the earlier walk's findings. */
export async function walkDetail(options: { db: Db; actor: Principal; municipalityId: string; walkId: string }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const walk = await requireWalk(options.db, options.municipalityId, options.walkId);
	return loadWalkView(options.db, walk);
}

async function loadWalkView(db: DbOrTx, walk: WalkRow) {
	const stops = await listStops(db, walk.id);
	const findings = await listFindings(db, walk.id);
	const ids = findings.map((f) => f.id);
	const photos = await listPhotoInfo(db, ids);
	const events = await listFindingEvents(db, ids);
	const organisations = new Map((await listOrganisationsOfMunicipality(db, walk.municipalityId)).map((o) => [o.id, o.name]));
	const previous = walk.previousWalkId ? await findWalk(db, walk.municipalityId, walk.previousWalkId) : null;
	const previousFindings = previous ? (await listFindings(db, previous.id)).filter((f) => f.state !== 'avvisad') : [];
	const checkedHere = new Set(findings.map((f) => f.previousFindingId).filter(Boolean));
	return {
		walk: {
			...walk,
			invitedOrganisations: walk.invitedOrganisationIds.map((id) => organisations.get(id) ?? id)
		},
		warnings: planWarnings(walk.residentsExpected),
		stops,
		scores: await listScores(db, walk.id),
		findings: findings.map((finding) => ({
			...finding,
			ownerLabel: ownerLabel(finding, organisations),
			photos: photos.filter((p) => p.findingId === finding.id),
			history: events.filter((e) => e.findingId === finding.id)
		})),
		previous: previous
			? {
					id: previous.id,
					title: previous.title,
					walkAt: previous.walkAt,
					findings: previousFindings.map((f) => ({ ...f, ownerLabel: ownerLabel(f, organisations), checked: checkedHere.has(f.id) }))
				}
			: null,
		ownerLinks: (await listOwnerLinks(db, walk.id)).map(({ tokenHash: _hidden, ...link }) => link)
	};
}

function ownerLabel(finding: Pick<FindingRow, 'ownerOrganisationId' | 'ownerName'>, organisations: Map<string, string>): string {
	if (finding.ownerOrganisationId) return organisations.get(finding.ownerOrganisationId) ?? '';
	return finding.ownerName;
}

/** The coordinator publishes (or withdraws) the walk's public page. */
export async function setWalkPublished(options: { db: Db; actor: Principal; municipalityId: string; walkId: string; published: boolean; ip: string | null }) {
	requireAccess(options.actor, 'walk.publish', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const publishedAt = options.published ? (walk.publishedAt ?? new Date()) : null;
		await updateWalk(tx, walk.id, { publishedAt });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.walk.published',
				entityType: 'walk',
				entityId: walk.id,
				municipalityId: options.municipalityId,
				changes: { published: { before: walk.publishedAt !== null, after: options.published } }
			}
		);
	});
}

/** Scores a stop on one checklist category (1–4). */
export async function scoreStop(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	walkId: string;
	stopId: string;
	category: string;
	score: number;
	ip: string | null;
}) {
	requireAccess(options.actor, 'walk-finding.record', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const stop = (await listStops(tx, walk.id)).find((s) => s.id === options.stopId);
		if (!stop) throw new NotFoundError('walks.stop_not_found');
		if (!walk.checklist.includes(options.category)) throw codedValidationError({ category: { code: 'walks.category_required' } });
		if (!Number.isInteger(options.score) || options.score < 1 || options.score > 4) throw codedValidationError({ score: { code: 'walks.score_invalid' } });
		await upsertScore(tx, { stopId: stop.id, category: options.category, score: options.score, scoredBy: userOf(options.actor) });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.stop.scored',
				entityType: 'walk_stop',
				entityId: stop.id,
				municipalityId: options.municipalityId,
				changes: { [options.category]: { before: null, after: options.score } }
			}
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Findings

/**
 * Writes a finding down. Idempotent on its client id: the same finding posted twice (two walkers
 * sharing a phone's draft, an offline queue sent again) gives back the first one, `created: false`.
 * On a re-walk `previousFindingId` names the earlier finding it checks.
 */
export async function recordFinding(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	walkId: string;
	input: unknown;
	photos?: Uint8Array[];
	previousFindingId?: string | null;
	ip: string | null;
}): Promise<{ id: string; number: number; created: boolean }> {
	requireAccess(options.actor, 'walk-finding.record', { municipalityId: options.municipalityId });
	const input = parseCoded(recordFindingSchema, options.input);
	// Photos are decoded before the transaction: it can take a second per photo.
	const photos = await Promise.all((options.photos ?? []).filter((bytes) => bytes.byteLength > 0).map((bytes) => preparePhoto(bytes, 'photos')));
	return options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const existing = await findFindingByClientId(tx, walk.id, input.clientId);
		if (existing) return { id: existing.id, number: existing.number, created: false };
		const errors: Record<string, FieldCode> = {};
		if (!walk.checklist.includes(input.category)) errors.category = { code: 'walks.category_required' };
		const stops = await listStops(tx, walk.id);
		const stop = input.stopId ? stops.find((s) => s.id === input.stopId) : undefined;
		if (input.stopId && !stop) errors.stopId = { code: 'walks.stop_not_found' };
		const lat = input.lat ? Number(input.lat) : null;
		const lon = input.lon ? Number(input.lon) : null;
		const hasPosition = lat !== null && lon !== null && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
		if ((input.lat || input.lon) && !hasPosition) errors.lat = { code: 'walks.position_invalid' };
		if (!stop && !hasPosition) errors.stopId = { code: 'walks.place_required' };
		let previousFindingId: string | null = null;
		if (options.previousFindingId) {
			const previous = walk.previousWalkId ? await findFinding(tx, options.municipalityId, options.previousFindingId) : null;
			if (!previous || previous.walkId !== walk.previousWalkId) throw new NotFoundError('walks.finding_not_found');
			previousFindingId = previous.id;
		}
		if (Object.keys(errors).length) throw codedValidationError(errors);
		const row = await insertFindingOnce(tx, {
			walkId: walk.id,
			municipalityId: options.municipalityId,
			clientId: input.clientId,
			stopId: stop?.id ?? null,
			lat: hasPosition ? lat : (stop?.lat ?? null),
			lon: hasPosition ? lon : (stop?.lon ?? null),
			category: input.category,
			description: input.description,
			proposedMeasure: input.proposedMeasure,
			notedBy: input.notedBy || who(options.actor),
			previousFindingId,
			createdBy: userOf(options.actor)
		});
		if (!row) {
			const raced = (await findFindingByClientId(tx, walk.id, input.clientId))!;
			return { id: raced.id, number: raced.number, created: false };
		}
		await insertFindingEvent(tx, { findingId: row.id, by: who(options.actor), userId: userOf(options.actor), fromState: null, toState: 'ny' });
		for (const photo of photos) {
			await insertPhoto(tx, { findingId: row.id, kind: 'fore', bytes: photo.bytes, mime: photo.mime, width: photo.width, height: photo.height });
		}
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.finding.recorded',
				entityType: 'walk_finding',
				entityId: row.id,
				municipalityId: options.municipalityId,
				changes: {
					walkId: { before: null, after: walk.id },
					category: { before: null, after: row.category },
					description: { before: null, after: row.description },
					proposedMeasure: { before: null, after: row.proposedMeasure },
					stopId: { before: null, after: row.stopId },
					photos: { before: null, after: photos.length }
				}
			}
		);
		return { id: row.id, number: row.number, created: true };
	});
}

/**
 * Assigns the finding to an organisation of the partnership, or to an owner outside it (name and
 * e-mail). An outside owner gets one personal link per walk (only its hash is kept), sent by e-mail
 * after the transaction.
 */
export async function assignFinding(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	municipalitySlug: string;
	findingId: string;
	input: unknown;
	config: Pick<Config, 'origin' | 'smtpUrl' | 'mailFrom'>;
	ip: string | null;
	now?: Date;
}) {
	requireAccess(options.actor, 'walk-finding.assign', { municipalityId: options.municipalityId });
	const input = parseCoded(assignFindingSchema, options.input);
	const now = options.now ?? new Date();
	const mail = await options.db.transaction(async (tx) => {
		const finding = await requireFinding(tx, options.municipalityId, options.findingId);
		const organisations = await listOrganisationsOfMunicipality(tx, options.municipalityId);
		let ownerOrganisationId: string | null = null;
		if (input.ownerOrganisationId) {
			const organisation = organisations.find((o) => o.id === input.ownerOrganisationId);
			if (!organisation) throw codedValidationError({ ownerOrganisationId: { code: 'walks.organisation_unknown' } });
			ownerOrganisationId = organisation.id;
		} else if (!input.ownerName || !input.ownerEmail) {
			throw codedValidationError({
				...(input.ownerName ? {} : { ownerName: { code: 'walks.owner_required' } }),
				...(input.ownerEmail ? {} : { ownerEmail: { code: 'walks.owner_email_invalid' } })
			});
		}
		const values = {
			ownerOrganisationId,
			ownerName: ownerOrganisationId ? '' : input.ownerName,
			ownerEmail: ownerOrganisationId ? '' : input.ownerEmail.toLowerCase(),
			state: 'tilldelad' as const
		};
		await updateFinding(tx, finding.id, values);
		const label = ownerOrganisationId ? organisations.find((o) => o.id === ownerOrganisationId)!.name : `${values.ownerName} <${values.ownerEmail}>`;
		await insertFindingEvent(tx, {
			findingId: finding.id,
			by: who(options.actor),
			userId: userOf(options.actor),
			fromState: finding.state,
			toState: 'tilldelad',
			note: label
		});
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.finding.assigned',
				entityType: 'walk_finding',
				entityId: finding.id,
				municipalityId: options.municipalityId,
				changes: {
					state: { before: finding.state, after: 'tilldelad' },
					ownerOrganisationId: { before: finding.ownerOrganisationId, after: ownerOrganisationId },
					ownerName: { before: finding.ownerName, after: values.ownerName },
					ownerEmail: { before: finding.ownerEmail, after: values.ownerEmail }
				}
			}
		);
		if (ownerOrganisationId) return null;
		const walk = await requireWalk(tx, options.municipalityId, finding.walkId);
		if (await findActiveOwnerLink(tx, walk.id, values.ownerEmail, now)) return null;
		const token = newToken();
		const linkId = await insertOwnerLink(tx, {
			walkId: walk.id,
			ownerEmail: values.ownerEmail,
			ownerName: values.ownerName,
			tokenHash: sha256Hex(token),
			expiresAt: new Date(now.getTime() + OWNER_LINK_DAYS * 86_400_000)
		});
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.owner_link.created',
				entityType: 'walk_owner_link',
				entityId: linkId,
				municipalityId: options.municipalityId,
				changes: { walkId: { before: null, after: walk.id }, ownerEmail: { before: null, after: values.ownerEmail } }
			}
		);
		const link = ownerLinkUrl(options.config.origin, options.municipalitySlug, token);
		return {
			to: values.ownerEmail,
			subject: `Trygghetsvandring: ${walk.title} – brister att svara på`,
			body:
				`Hej ${values.ownerName},\n\nPå trygghetsvandringen ”${walk.title}” (${walk.areaName}) hittades brister som ni ansvarar för. ` +
				`Svara med vad ni planerar eller har gjort, före uppföljningsmötet${walk.followUpAt ? ` ${walk.followUpAt.toISOString().slice(0, 10)}` : ''}:\n\n${link}\n\n` +
				`Länken är personlig och gäller i ${OWNER_LINK_DAYS} dagar. Ni behöver inget konto.\n`,
			secrets: [link],
			token
		};
	});
	if (mail) {
		const { token, ...outgoing } = mail;
		await sendMail(options.db, options.config, outgoing);
		return { ownerLinkToken: token };
	}
	return { ownerLinkToken: null };
}

export const ownerLinkUrl = (origin: string, municipalitySlug: string, token: string) => `${origin}/${municipalitySlug}/trygghetsvandringar/svar/${token}`;

/** The coordinator revokes an outside owner's link: it stops working at once. */
export async function revokeOwnerLink(options: { db: Db; actor: Principal; municipalityId: string; walkId: string; linkId: string; ip: string | null }) {
	requireAccess(options.actor, 'walk-finding.assign', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const link = (await listOwnerLinks(tx, walk.id)).find((l) => l.id === options.linkId);
		if (!link) throw new NotFoundError('walks.owner_link_not_found');
		if (link.revokedAt) return;
		await updateOwnerLink(tx, link.id, { revokedAt: new Date() });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.owner_link.revoked',
				entityType: 'walk_owner_link',
				entityId: link.id,
				municipalityId: options.municipalityId,
				changes: { revoked: { before: false, after: true } }
			}
		);
	});
}

/** Who answers, as the rules see them: the coordinator, the owning organisation's staff, or the outside owner of a link. */
type Answerer = { kind: 'principal'; principal: Principal } | { kind: 'owner-link'; name: string; email: string };

async function applyStateChange(
	tx: DbOrTx,
	options: { municipalityId: string; finding: FindingRow; input: unknown; photo?: Uint8Array | null; answerer: Answerer; ip: string | null }
) {
	const input = parseCoded(changeStateSchema, options.input);
	const { finding, answerer } = options;
	const principal = answerer.kind === 'principal' ? answerer.principal : null;
	const isCoordinator = principal !== null && decide(principal, 'walk-finding.assign', { municipalityId: options.municipalityId }).allowed;
	const party = isCoordinator ? 'coordinator' : 'owner';
	if (!mayChangeTo(party, input.state)) throw new AppError('walks.state_not_allowed', 403, { state: input.state });
	const errors: Record<string, FieldCode> = {};
	if (input.state === 'planerad' && !/^\d{4}-\d{2}-\d{2}$/.test(input.plannedOn)) errors.plannedOn = { code: 'walks.planned_on_required' };
	if (input.state === 'avvisad' && !input.rejectReason) errors.rejectReason = { code: 'walks.reject_reason_required' };
	const photo = options.photo && options.photo.byteLength > 0 ? options.photo : null;
	const hasAfterPhoto = (await listPhotoInfo(tx, [finding.id])).some((p) => p.kind === 'efter');
	if (input.state === 'atgardad' && !photo && !hasAfterPhoto) errors.photo = { code: 'walks.fixed_photo_required' };
	if (Object.keys(errors).length) throw codedValidationError(errors);
	const prepared = photo ? await preparePhoto(photo, 'photo') : null;
	const by = answerer.kind === 'owner-link' ? `${answerer.name} <${answerer.email}>` : who(answerer.principal);
	const values = {
		state: input.state,
		plannedOn: input.state === 'planerad' ? input.plannedOn : finding.plannedOn,
		rejectReason: input.state === 'avvisad' ? input.rejectReason : finding.rejectReason,
		answer: input.note && party === 'owner' ? input.note : finding.answer
	};
	await updateFinding(tx, finding.id, values);
	await insertFindingEvent(tx, {
		findingId: finding.id,
		by,
		userId: principal ? userOf(principal) : null,
		fromState: finding.state,
		toState: input.state,
		note: [input.note, input.state === 'avvisad' ? input.rejectReason : '', input.state === 'planerad' ? input.plannedOn : ''].filter(Boolean).join(' – ')
	});
	if (prepared) {
		await insertPhoto(tx, { findingId: finding.id, kind: 'efter', bytes: prepared.bytes, mime: prepared.mime, width: prepared.width, height: prepared.height });
	}
	const changes = {
		state: { before: finding.state, after: input.state },
		...(values.plannedOn !== finding.plannedOn ? { plannedOn: { before: finding.plannedOn, after: values.plannedOn } } : {}),
		...(values.rejectReason !== finding.rejectReason ? { rejectReason: { before: finding.rejectReason, after: values.rejectReason } } : {}),
		...(values.answer !== finding.answer ? { answer: { before: finding.answer, after: values.answer } } : {}),
		...(prepared ? { photo: { before: null, after: 'efter' } } : {})
	};
	await recordAudit(
		tx,
		answerer.kind === 'owner-link'
			? { actor: { kind: 'system', reason: 'public-site' }, ip: options.ip, userEmail: `ägarlänk:${answerer.email}` }
			: { actor: answerer.principal, ip: options.ip },
		{
			action: answerer.kind === 'owner-link' ? 'walks.finding.answered' : 'walks.finding.state_changed',
			entityType: 'walk_finding',
			entityId: finding.id,
			municipalityId: options.municipalityId,
			changes
		}
	);
}

/**
 * Changes a finding's state. The coordinator may set any state but "tilldelad" (which assigning
 * sets); the owning organisation's staff answer (planerad, åtgärdad, delvis åtgärdad, inte vårt ansvar).
 */
export async function changeFindingState(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	findingId: string;
	input: unknown;
	photo?: Uint8Array | null;
	ip: string | null;
}) {
	await options.db.transaction(async (tx) => {
		const finding = await requireFinding(tx, options.municipalityId, options.findingId);
		requireAccess(options.actor, 'walk-finding.answer', { municipalityId: options.municipalityId, organisationId: finding.ownerOrganisationId });
		await applyStateChange(tx, { ...options, finding, answerer: { kind: 'principal', principal: options.actor } });
	});
}

async function activeLink(db: DbOrTx, token: string, now: Date) {
	const link = token.length >= 20 ? await findOwnerLinkByHash(db, sha256Hex(token)) : null;
	if (!link || link.revokedAt || link.expiresAt <= now) throw new NotFoundError('walks.owner_link_invalid');
	return link;
}

/** What the outside owner sees through the link: the walk and only their own findings. */
export async function ownerLinkView(options: { db: Db; municipalityId: string; token: string; ip: string | null; now?: Date }) {
	const now = options.now ?? new Date();
	const link = await activeLink(options.db, options.token, now);
	const walk = await findWalk(options.db, options.municipalityId, link.walkId);
	if (!walk) throw new NotFoundError('walks.owner_link_invalid');
	const findings = (await listFindings(options.db, walk.id)).filter((f) => !f.ownerOrganisationId && f.ownerEmail === link.ownerEmail.toLowerCase());
	const stops = await listStops(options.db, walk.id);
	await options.db.transaction(async (tx) => {
		await updateOwnerLink(tx, link.id, { lastUsedAt: now });
		await recordAudit(
			tx,
			{ actor: { kind: 'system', reason: 'public-site' }, ip: options.ip, userEmail: `ägarlänk:${link.ownerEmail}` },
			{ action: 'walks.owner_link.used', entityType: 'walk_owner_link', entityId: link.id, municipalityId: options.municipalityId }
		);
	});
	return {
		owner: { name: link.ownerName, email: link.ownerEmail, expiresAt: link.expiresAt },
		walk: { title: walk.title, areaName: walk.areaName, walkAt: walk.walkAt, followUpAt: walk.followUpAt },
		findings: findings.map((f) => ({
			id: f.id,
			number: f.number,
			category: f.category,
			description: f.description,
			proposedMeasure: f.proposedMeasure,
			place: stops.find((s) => s.id === f.stopId)?.name ?? '',
			state: f.state,
			plannedOn: f.plannedOn,
			answer: f.answer
		}))
	};
}

/** The outside owner answers for one of their findings through the link. */
export async function answerThroughOwnerLink(options: {
	db: Db;
	municipalityId: string;
	token: string;
	findingId: string;
	input: unknown;
	photo?: Uint8Array | null;
	ip: string | null;
	now?: Date;
}) {
	const now = options.now ?? new Date();
	await options.db.transaction(async (tx) => {
		const link = await activeLink(tx, options.token, now);
		const finding = await findFinding(tx, options.municipalityId, options.findingId);
		if (!finding || finding.walkId !== link.walkId || finding.ownerOrganisationId || finding.ownerEmail !== link.ownerEmail.toLowerCase()) {
			throw new NotFoundError('walks.finding_not_found');
		}
		await applyStateChange(tx, { ...options, finding, answerer: { kind: 'owner-link', name: link.ownerName, email: link.ownerEmail } });
		await updateOwnerLink(tx, link.id, { lastUsedAt: now });
	});
}

/** The coordinator marks a photo publishable (no people in it) or not. */
export async function setPhotoPublication(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	photoId: string;
	publishable: boolean;
	ip: string | null;
}) {
	requireAccess(options.actor, 'walk.publish', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const found = await findPhoto(tx, options.municipalityId, options.photoId);
		if (!found) throw new NotFoundError('walks.photo_not_found');
		await setPhotoPublishable(tx, found.photo.id, options.publishable);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.photo.publishable_set',
				entityType: 'walk_finding_photo',
				entityId: found.photo.id,
				municipalityId: options.municipalityId,
				changes: { publishable: { before: found.photo.publishable, after: options.publishable } }
			}
		);
	});
}

/** A photo's bytes for a signed-in reader of the municipality. */
export async function walkPhoto(options: { db: Db; actor: Principal; municipalityId: string; photoId: string }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const found = await findPhoto(options.db, options.municipalityId, options.photoId);
	if (!found) throw new NotFoundError('walks.photo_not_found');
	return { bytes: found.photo.bytes, mime: found.photo.mime };
}

/** One finding with its walk, photos and history, and the choices its forms need. */
export async function findingDetail(options: { db: Db; actor: Principal; municipalityId: string; walkId: string; findingId: string }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const finding = await requireFinding(options.db, options.municipalityId, options.findingId);
	if (finding.walkId !== options.walkId) throw new NotFoundError('walks.finding_not_found');
	const walk = await requireWalk(options.db, options.municipalityId, finding.walkId);
	const organisations = await listOrganisationsOfMunicipality(options.db, options.municipalityId);
	const stop = finding.stopId ? (await listStops(options.db, walk.id)).find((s) => s.id === finding.stopId) : undefined;
	const resource = { municipalityId: options.municipalityId, organisationId: finding.ownerOrganisationId };
	return {
		walk: { id: walk.id, title: walk.title },
		finding: { ...finding, stopName: stop?.name ?? '', ownerLabel: ownerLabel(finding, new Map(organisations.map((o) => [o.id, o.name]))) },
		photos: await listPhotoInfo(options.db, [finding.id]),
		history: await listFindingEvents(options.db, [finding.id]),
		organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
		can: {
			assign: decide(options.actor, 'walk-finding.assign', resource).allowed,
			answer: decide(options.actor, 'walk-finding.answer', resource).allowed,
			publish: decide(options.actor, 'walk.publish', resource).allowed
		}
	};
}

/**
 * On a re-walk, the walkers check an earlier finding on site: still there ("kvarstår efter
 * återbesök") or fixed (with an after photo). The earlier finding changes state, keeps its history,
 * and the re-walk gets a finding linked to it, so the re-walk's protocol lists it too.
 */
export async function recheckFinding(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	walkId: string;
	earlierFindingId: string;
	outcome: string;
	photo?: Uint8Array | null;
	ip: string | null;
}) {
	requireAccess(options.actor, 'walk-finding.record', { municipalityId: options.municipalityId });
	if (options.outcome !== 'kvarstar' && options.outcome !== 'atgardad') throw codedValidationError({ outcome: { code: 'walks.state_invalid' } });
	const outcome: FindingState = options.outcome;
	const photo = options.photo && options.photo.byteLength > 0 ? await preparePhoto(options.photo, 'photo') : null;
	return options.db.transaction(async (tx) => {
		const walk = await requireWalk(tx, options.municipalityId, options.walkId);
		const earlier = await findFinding(tx, options.municipalityId, options.earlierFindingId);
		if (!earlier || !walk.previousWalkId || earlier.walkId !== walk.previousWalkId) throw new NotFoundError('walks.finding_not_found');
		if (outcome === 'atgardad' && !photo) throw codedValidationError({ photo: { code: 'walks.fixed_photo_required' } });
		const existing = await findFindingByClientId(tx, walk.id, `recheck-${earlier.id}`);
		if (existing) return { id: existing.id, number: existing.number };
		await updateFinding(tx, earlier.id, { state: outcome });
		await insertFindingEvent(tx, {
			findingId: earlier.id,
			by: who(options.actor),
			userId: userOf(options.actor),
			fromState: earlier.state,
			toState: outcome,
			note: `Återbesök: ${walk.title}`
		});
		const row = (await insertFindingOnce(tx, {
			walkId: walk.id,
			municipalityId: options.municipalityId,
			clientId: `recheck-${earlier.id}`,
			stopId: null,
			lat: earlier.lat,
			lon: earlier.lon,
			category: earlier.category,
			description: earlier.description,
			proposedMeasure: earlier.proposedMeasure,
			notedBy: who(options.actor),
			state: outcome,
			ownerOrganisationId: earlier.ownerOrganisationId,
			ownerName: earlier.ownerName,
			ownerEmail: earlier.ownerEmail,
			previousFindingId: earlier.id,
			createdBy: userOf(options.actor)
		}))!;
		await insertFindingEvent(tx, {
			findingId: row.id,
			by: who(options.actor),
			userId: userOf(options.actor),
			fromState: null,
			toState: outcome,
			note: 'Återbesök'
		});
		if (photo) {
			for (const findingId of [earlier.id, row.id]) {
				await insertPhoto(tx, { findingId, kind: 'efter', bytes: photo.bytes, mime: photo.mime, width: photo.width, height: photo.height });
			}
		}
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.finding.state_changed',
				entityType: 'walk_finding',
				entityId: earlier.id,
				municipalityId: options.municipalityId,
				changes: { state: { before: earlier.state, after: outcome }, recheckedOnWalk: { before: null, after: walk.id } }
			}
		);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.finding.recorded',
				entityType: 'walk_finding',
				entityId: row.id,
				municipalityId: options.municipalityId,
				changes: { walkId: { before: null, after: walk.id }, previousFindingId: { before: null, after: earlier.id }, state: { before: null, after: outcome } }
			}
		);
		return { id: row.id, number: row.number };
	});
}

/** The follow-up meeting's protocol as Word or PDF (grouped by owner), its download audited. */
export async function walkProtocol(options: { db: Db; actor: Principal; municipalityId: string; walkId: string; format: 'docx' | 'pdf'; ip: string | null }) {
	requireAccess(options.actor, 'walk.read', { municipalityId: options.municipalityId });
	const walk = await requireWalk(options.db, options.municipalityId, options.walkId);
	const view = await loadWalkView(options.db, walk);
	const photos = await listPhotosWithBytes(
		options.db,
		view.findings.map((f) => f.id)
	);
	const docx = await walkProtocolDocx({
		walk: view.walk,
		route: walk.route ?? view.stops.filter((s) => s.lat !== null && s.lon !== null).map((s) => [s.lon!, s.lat!] as [number, number]),
		stops: view.stops,
		findings: view.findings.map((f) => ({ ...f, photos: photos.filter((p) => p.findingId === f.id) }))
	});
	const bytes = options.format === 'pdf' ? await convertDocxToPdf(docx) : docx;
	await options.db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.protocol.exported',
				entityType: 'walk',
				entityId: walk.id,
				municipalityId: options.municipalityId,
				changes: { format: { before: null, after: options.format } }
			}
		)
	);
	return { bytes, title: walk.title };
}

// ---------------------------------------------------------------------------------------------
// Public pages and open data: published walks only, no names of walkers, only publishable photos

const PUBLIC_SITE = { kind: 'system', reason: 'public-site' } as const;

export async function publishedWalks(options: { db: Db; municipalityId: string }) {
	const rows = await listPublishedWalks(options.db, options.municipalityId);
	const result = [];
	for (const walk of rows) {
		requireAccess(PUBLIC_SITE, 'walk.read', { municipalityId: options.municipalityId, published: true });
		const findings = await listFindings(options.db, walk.id);
		result.push({
			id: walk.id,
			title: walk.title,
			areaName: walk.areaName,
			walkAt: walk.walkAt,
			findings: findings.length,
			fixed: findings.filter((f) => f.state === 'atgardad').length
		});
	}
	return result;
}

/** A published walk as the public sees it. */
export async function publishedWalkView(options: { db: Db; municipalityId: string; walkId: string }) {
	const walk = await findWalk(options.db, options.municipalityId, options.walkId);
	// An unpublished walk does not exist for the public (not "forbidden", which would say it does).
	if (!walk?.publishedAt) throw new NotFoundError('walks.walk_not_found');
	requireAccess(PUBLIC_SITE, 'walk.read', { municipalityId: options.municipalityId, published: true });
	const view = await loadWalkView(options.db, walk);
	return {
		walk: {
			id: walk.id,
			title: walk.title,
			areaName: walk.areaName,
			walkAt: walk.walkAt,
			followUpAt: walk.followUpAt,
			publishedAt: walk.publishedAt!,
			route: walk.route
		},
		stops: view.stops.map((s) => ({ id: s.id, name: s.name, lat: s.lat, lon: s.lon })),
		findings: view.findings.map((f) => ({
			id: f.id,
			number: f.number,
			category: f.category,
			description: f.description,
			proposedMeasure: f.proposedMeasure,
			state: f.state as FindingState,
			plannedOn: f.plannedOn,
			ownerLabel: f.ownerLabel,
			answer: f.answer,
			stopId: f.stopId,
			lat: f.lat,
			lon: f.lon,
			createdAt: f.createdAt,
			updatedAt: f.updatedAt,
			photos: f.photos.filter((p) => p.publishable).map((p) => ({ id: p.id, kind: p.kind, width: p.width, height: p.height }))
		}))
	};
}

/** A photo on a public page: only one the coordinator marked publishable, of a published walk. */
export async function publicWalkPhoto(options: { db: Db; municipalityId: string; photoId: string }) {
	const found = await findPhoto(options.db, options.municipalityId, options.photoId);
	const walk = found ? await findWalk(options.db, options.municipalityId, found.walkId) : null;
	if (!found || !walk?.publishedAt || !found.photo.publishable) throw new NotFoundError('walks.photo_not_found');
	requireAccess(PUBLIC_SITE, 'walk.read', { municipalityId: options.municipalityId, published: true });
	return { bytes: found.photo.bytes, mime: found.photo.mime };
}

/** Every finding of the municipality's published walks, for CSV, GeoJSON and the Atom feed. */
export async function publishedFindings(options: { db: Db; municipalityId: string }) {
	requireAccess(PUBLIC_SITE, 'walk.read', { municipalityId: options.municipalityId, published: true });
	const rows = await listPublishedFindings(options.db, options.municipalityId);
	const organisations = new Map((await listOrganisationsOfMunicipality(options.db, options.municipalityId)).map((o) => [o.id, o.name]));
	return rows.map(({ finding, walkTitle, walkAt, areaName }) => ({
		id: finding.id,
		walkId: finding.walkId,
		walkTitle,
		walkDate: walkAt.toISOString().slice(0, 10),
		areaName,
		number: finding.number,
		category: finding.category,
		description: finding.description,
		proposedMeasure: finding.proposedMeasure,
		state: finding.state as FindingState,
		plannedOn: finding.plannedOn,
		owner: ownerLabel(finding, organisations),
		lat: finding.lat,
		lon: finding.lon,
		createdAt: finding.createdAt,
		updatedAt: finding.updatedAt
	}));
}

// ---------------------------------------------------------------------------------------------
// Digital trygghetsvandring: residents report places; the coordinator moderates them into findings

/** The categories a resident chooses from: the municipality's checklist. */
export async function residentReportCategories(options: { db: Db; municipalityId: string }) {
	return checklistLabels(options.db, options.municipalityId);
}

/**
 * Stores a resident's report in the moderation queue. The caller has passed the spam guard (honeypot,
 * form token, rate limits); nothing about the sender is kept but the audit's address, as for "Tyck till".
 */
export async function submitResidentReport(options: { db: Db; municipalityId: string; input: unknown; photo?: Uint8Array | null; ip: string | null }) {
	const categories = await checklistLabels(options.db, options.municipalityId);
	// The category is checked with the other fields, so the resident sees every error at once.
	const withCategory = residentReportSchema.refine((report) => categories.includes(report.category), {
		message: 'walks.category_required',
		path: ['category']
	});
	const parsed = residentReportSchema.safeParse(options.input);
	const category = String((options.input as { category?: unknown } | null)?.category ?? '');
	if (!parsed.success) {
		const issues = [...parsed.error.issues];
		if (!categories.includes(category)) issues.push({ path: ['category'], message: 'walks.category_required' } as (typeof issues)[number]);
		throw validationErrorFromIssues(issues);
	}
	const input = parseCoded(withCategory, options.input);
	const photo = options.photo && options.photo.byteLength > 0 ? await preparePhoto(options.photo, 'photo') : null;
	await options.db.transaction(async (tx) => {
		const id = await insertResidentReport(tx, {
			municipalityId: options.municipalityId,
			place: input.place,
			category: input.category,
			description: input.description,
			photo: photo?.bytes ?? null,
			photoWidth: photo?.width ?? null,
			photoHeight: photo?.height ?? null
		});
		await recordAudit(
			tx,
			{ actor: PUBLIC_SITE, ip: options.ip },
			{
				action: 'walks.report.received',
				entityType: 'walk_resident_report',
				entityId: id,
				municipalityId: options.municipalityId,
				changes: { category: { before: null, after: input.category }, photo: { before: null, after: photo !== null } }
			}
		);
	});
}

/** The moderation queue: reports waiting, and the walks a report can become a finding of. */
export async function residentReportQueue(options: { db: Db; actor: Principal; municipalityId: string }) {
	requireAccess(options.actor, 'walk-report.moderate', { municipalityId: options.municipalityId });
	return {
		reports: await listWaitingReports(options.db, options.municipalityId),
		walks: (await listWalksOfMunicipality(options.db, options.municipalityId)).map((w) => ({ id: w.id, title: w.title }))
	};
}

/** The coordinator accepts a report as a finding of a walk (its photo not publishable until marked) or rejects it. */
export async function moderateResidentReport(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	reportId: string;
	decision: string;
	walkId: string;
	ip: string | null;
}) {
	requireAccess(options.actor, 'walk-report.moderate', { municipalityId: options.municipalityId });
	if (options.decision !== 'godkand' && options.decision !== 'avvisad') throw codedValidationError({ decision: { code: 'walks.state_invalid' } });
	return options.db.transaction(async (tx) => {
		const report = await findResidentReport(tx, options.municipalityId, options.reportId);
		if (!report || report.status !== 'vantar') throw new NotFoundError('walks.report_not_found');
		let findingId: string | null = null;
		let findingNumber: number | null = null;
		if (options.decision === 'godkand') {
			const walk = options.walkId ? await findWalk(tx, options.municipalityId, options.walkId) : null;
			if (!walk) throw codedValidationError({ walkId: { code: 'walks.report_walk_required' } });
			const row = (await insertFindingOnce(tx, {
				walkId: walk.id,
				municipalityId: options.municipalityId,
				clientId: `rapport-${report.id}`,
				lat: report.lat,
				lon: report.lon,
				category: report.category,
				description: `${report.description}\n\nPlats: ${report.place}`,
				notedBy: 'Invånare (digital trygghetsvandring)',
				fromResidentReport: true,
				createdBy: userOf(options.actor)
			}))!;
			findingId = row.id;
			findingNumber = row.number;
			await insertFindingEvent(tx, {
				findingId: row.id,
				by: who(options.actor),
				userId: userOf(options.actor),
				fromState: null,
				toState: 'ny',
				note: 'Från invånarrapport'
			});
			if (report.photo) {
				await insertPhoto(tx, {
					findingId: row.id,
					kind: 'fore',
					bytes: report.photo,
					mime: 'image/jpeg',
					width: report.photoWidth ?? 0,
					height: report.photoHeight ?? 0
				});
			}
		}
		await updateResidentReport(tx, report.id, { status: options.decision, findingId, moderatedAt: new Date(), moderatedBy: userOf(options.actor) });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'walks.report.moderated',
				entityType: 'walk_resident_report',
				entityId: report.id,
				municipalityId: options.municipalityId,
				changes: { status: { before: 'vantar', after: options.decision }, findingId: { before: null, after: findingId } }
			}
		);
		return { findingId, findingNumber };
	});
}

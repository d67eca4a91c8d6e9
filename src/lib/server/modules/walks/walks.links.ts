import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import { decide, type Actor, type Principal } from '../../platform/authz';
import { NotFoundError, codedValidationError } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { findEstReport, listEstReports } from '../est/public';
import { addMeasureFromElsewhere, getPlan, listPlans } from '../plans/public';
import { findFinding, findWalk, isUuid, updateFinding, type FindingRow } from './walks.repository';

/** How many of the latest EST reports the link form offers. */
const EST_REPORT_CHOICES = 200;

type MeasureChoice = { id: string; title: string; planId: string; planTitle: string; focusAreaId: string; focusAreaTitle: string };

/** Every measure of the municipality's plans, with its plan and focus area (what a finding can link to). */
async function measureChoices(db: Db, actor: Principal, municipalityId: string): Promise<MeasureChoice[]> {
	if (actor.kind !== 'person' || !decide(actor, 'plan.read', { municipalityId }).allowed) return [];
	const result: MeasureChoice[] = [];
	for (const row of await listPlans({ db, actor, municipalityId })) {
		const plan = await getPlan({ db, actor, planId: row.id, municipalityId });
		for (const area of plan.focusAreas)
			for (const measure of area.measures)
				result.push({ id: measure.id, title: measure.title, planId: plan.id, planTitle: plan.title, focusAreaId: area.id, focusAreaTitle: area.title });
	}
	return result;
}

/** The plans and focus areas a finding can become a new measure in. */
async function focusAreaChoices(db: Db, actor: Principal, municipalityId: string) {
	if (actor.kind !== 'person' || !decide(actor, 'plan.read', { municipalityId }).allowed) return [];
	const result: { planId: string; planTitle: string; focusAreaId: string; focusAreaTitle: string }[] = [];
	for (const row of await listPlans({ db, actor, municipalityId })) {
		const plan = await getPlan({ db, actor, planId: row.id, municipalityId });
		for (const area of plan.focusAreas) result.push({ planId: plan.id, planTitle: plan.title, focusAreaId: area.id, focusAreaTitle: area.title });
	}
	return result;
}

const estLabel = (report: { occurredOn: string; category: string; place: string }) =>
	`${report.occurredOn} · ${report.category}${report.place ? ` · ${report.place}` : ''}`;

/**
 * The finding's links (a plan measure, an EST report) with their names, and, for the coordinator,
 * what it can be linked to: the plans' measures, their focus areas (for a new measure) and the
 * latest EST reports.
 */
export async function findingLinks(options: { db: Db; actor: Principal; municipalityId: string; finding: Pick<FindingRow, 'planMeasureId' | 'estReportId'> }) {
	const { db, actor, municipalityId, finding } = options;
	requireAccess(actor, 'walk.read', { municipalityId });
	const measures = await measureChoices(db, actor, municipalityId);
	const measure = finding.planMeasureId ? (measures.find((m) => m.id === finding.planMeasureId) ?? null) : null;
	const report = finding.estReportId ? await findEstReport(db, finding.estReportId) : null;
	const canLink = decide(actor, 'walk-finding.assign', { municipalityId }).allowed;
	return {
		measure: measure ? { id: measure.id, title: measure.title, planId: measure.planId, planTitle: measure.planTitle } : null,
		estReport: report && report.municipalityId === municipalityId ? { id: report.id, label: estLabel(report) } : null,
		choices: canLink
			? {
					measures: measures.map((m) => ({ id: m.id, label: `${m.planTitle} – ${m.focusAreaTitle}: ${m.title}` })),
					focusAreas: (await focusAreaChoices(db, actor, municipalityId)).map((a) => ({
						value: `${a.planId}|${a.focusAreaId}`,
						label: `${a.planTitle} – ${a.focusAreaTitle}`
					})),
					estReports: (await listEstReports(db, municipalityId, EST_REPORT_CHOICES)).map((r) => ({ id: r.id, label: estLabel(r) }))
				}
			: null
	};
}

async function requireFindingOfWalk(db: Db, municipalityId: string, walkId: string, findingId: string) {
	const finding = await findFinding(db, municipalityId, findingId);
	if (!finding || finding.walkId !== walkId) throw new NotFoundError('walks.finding_not_found');
	return finding;
}

/**
 * The coordinator links a finding to a measure of the action plan and/or an EST report (empty
 * unlinks). Both must be the municipality's own; the change is audited.
 */
export async function linkFinding(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	walkId: string;
	findingId: string;
	planMeasureId: string;
	estReportId: string;
	ip: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'walk-finding.assign', { municipalityId });
	const finding = await requireFindingOfWalk(db, municipalityId, options.walkId, options.findingId);
	const errors: Record<string, { code: string }> = {};
	let planMeasureId: string | null = null;
	if (options.planMeasureId) {
		const measure = (await measureChoices(db, actor, municipalityId)).find((m) => m.id === options.planMeasureId);
		if (!measure) errors.planMeasureId = { code: 'walks.measure_unknown' };
		else planMeasureId = measure.id;
	}
	let estReportId: string | null = null;
	if (options.estReportId) {
		const report = isUuid(options.estReportId) ? await findEstReport(db, options.estReportId) : null;
		if (!report || report.municipalityId !== municipalityId) errors.estReportId = { code: 'walks.est_report_unknown' };
		else estReportId = report.id;
	}
	if (Object.keys(errors).length) throw codedValidationError(errors);
	await db.transaction(async (tx) => {
		await updateFinding(tx, finding.id, { planMeasureId, estReportId });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'walks.finding.linked',
				entityType: 'walk_finding',
				entityId: finding.id,
				municipalityId,
				changes: {
					planMeasureId: { before: finding.planMeasureId, after: planMeasureId },
					estReportId: { before: finding.estReportId, after: estReportId }
				}
			}
		);
	});
}

/**
 * The finding becomes a new measure in a focus area of a plan (through plans/public): the measure
 * says where it came from with a link back to the finding, and the finding links to the measure.
 */
export async function findingToMeasure(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	municipalitySlug: string;
	origin: string;
	walkId: string;
	findingId: string;
	target: string;
	ip: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'walk-finding.assign', { municipalityId });
	const finding = await requireFindingOfWalk(db, municipalityId, options.walkId, options.findingId);
	const walk = (await findWalk(db, municipalityId, finding.walkId))!;
	const [planId, focusAreaId] = options.target.split('|');
	const target = (await focusAreaChoices(db, actor, municipalityId)).find((a) => a.planId === planId && a.focusAreaId === focusAreaId);
	if (!target) throw codedValidationError({ target: { code: 'walks.measure_target_unknown' } });
	return db.transaction(async (tx) => {
		const { measureId } = await addMeasureFromElsewhere({
			db: tx as Db,
			actor,
			municipalityId,
			planId: target.planId,
			focusAreaId: target.focusAreaId,
			title: `${finding.category}: ${finding.description}`.slice(0, 200),
			description: finding.proposedMeasure || finding.description,
			scope: walk.areaName,
			origin: {
				label: `Trygghetsvandring ${walk.title}, brist ${finding.number}`,
				href: `${options.origin}/app/${options.municipalitySlug}/trygghetsvandringar/${walk.id}/brist/${finding.id}`
			},
			ip: options.ip
		});
		await updateFinding(tx, finding.id, { planMeasureId: measureId });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'walks.finding.linked',
				entityType: 'walk_finding',
				entityId: finding.id,
				municipalityId,
				changes: { planMeasureId: { before: finding.planMeasureId, after: measureId }, becameMeasure: { before: null, after: true } }
			}
		);
		return { measureId, planId: target.planId };
	});
}

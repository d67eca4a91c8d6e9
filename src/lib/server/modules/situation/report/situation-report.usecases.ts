/** `text` with a line for each of Förebygg's own sources that it does not name yet. */
function withNewSources(text: string, sources: { name: string; limits: string }[]): string {
	const added = sources.filter((s) => !text.includes(s.name)).map(localSourceLine);
	return added.length ? `${text.trimEnd()}\n${added.join('\n')}` : text;
}

/**
 * The lägesbild document (Lag (2023:196) § 4): drafts with live figures, adoption that freezes
 * every figure and turns its focus areas and problems into the municipality's own (the ones the
 * action plan's measures link to), exports, the public version and the evidence a measure shows.
 */
import type { Db, DbOrTx } from '../../../db/client';
import { decide, type Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
import type { Config } from '../../../platform/config';
import { AppError, codedValidationError, NotFoundError, validationErrorFromIssues } from '../../../platform/errors';
import { downloadName } from '../../../platform/http';
import { isUuid } from '../../../platform/ids';
import { recordAudit, type AuditEventType } from '../../audit/public';
import { convertDocxToPdf } from '../../../platform/documents/pdf';
import { renderReportDocx } from './situation-report.docx';
import { computeFigures, computeFocusAreaFigures, type FiguresMunicipality } from './situation-report.figures';
import {
	adoptionSchema,
	focusAreaInputSchema,
	renewalState,
	reportHeadSchema,
	reportSectionsSchema,
	localSourceLine,
	sourcesText,
	suppressFigures,
	type AdoptionInput,
	type FocusAreaInput,
	type ReportHeadInput,
	type ReportSectionsInput,
	type SituationFigures
} from './situation-report.models';
import {
	addPlanFocusArea,
	deleteReportFocusArea,
	deleteReportRow,
	evidenceRowsOfFocusArea,
	findRenewalReminder,
	findReport,
	insertMunicipalityFocusArea,
	insertProblem,
	insertReport,
	insertReportFocusArea,
	latestAdoptedReports,
	linkPlanToReport,
	listMunicipalityFocusAreas,
	listProblemsOf,
	listReportFocusAreas,
	listReportProblems,
	listReportsOfMunicipality,
	planFocusAreaIds,
	plansOfMunicipality,
	plansOfReport,
	renameMunicipalityFocusArea,
	replaceReportProblems,
	reportOfPlan,
	setReportProblemLink,
	unlinkPlan,
	updateDraftRow,
	updateProblemText,
	updateReportFocusArea,
	updateReportRow,
	type ReportRow
} from './situation-report.repository';
import { CRIME_CATEGORIES } from '../situation.models';
import { listAreas } from '../areas/areas.usecases';
import { listIndicators } from '../indicators/indicators.usecases';

type RenewalConfig = Pick<Config, 'situationRenewalMonths' | 'situationRenewalNoticeDays'>;
type Municipality = FiguresMunicipality & { slug: string; officialName: string };

const reportNotFound = () => new NotFoundError('situation.report_not_found');
const adoptedIsReadOnly = () => new AppError('situation.report_adopted', 409, {});

async function reportOrFail(db: DbOrTx, reportId: string, municipalityId: string): Promise<ReportRow> {
	const row = isUuid(reportId) ? await findReport(db, reportId) : undefined;
	if (!row || row.municipalityId !== municipalityId) throw reportNotFound();
	return row;
}

async function focusAreasOf(db: DbOrTx, reportId: string) {
	const areas = await listReportFocusAreas(db, reportId);
	const problems = await listReportProblems(
		db,
		areas.map((a) => a.id)
	);
	return areas.map((a) => ({
		id: a.id,
		title: a.title,
		rationale: a.rationale,
		areaIds: a.areaIds,
		categories: a.categories,
		focusAreaId: a.focusAreaId,
		problems: problems.filter((p) => p.reportFocusAreaId === a.id).map((p) => ({ id: p.id, text: p.text, problemId: p.problemId }))
	}));
}

const todayIso = () => new Date().toISOString().slice(0, 10);

/** The renewal state of the municipality's latest adopted lägesbild; null when none is adopted. */
export async function renewalOf(db: DbOrTx, municipalityId: string, config: RenewalConfig, today = todayIso()) {
	const [latest] = await latestAdoptedReports(db, municipalityId);
	if (!latest?.adoptedOn) return null;
	return { reportId: latest.id, title: latest.title, ...renewalState(latest.adoptedOn, today, config) };
}

export async function listReports(options: { db: Db; actor: Actor; municipalityId: string; config: RenewalConfig; today?: string }) {
	requireAccess(options.actor, 'situation.document.read', { municipalityId: options.municipalityId });
	const [reports, renewal] = await Promise.all([
		listReportsOfMunicipality(options.db, options.municipalityId),
		renewalOf(options.db, options.municipalityId, options.config, options.today)
	]);
	return { reports, renewal, canManage: decide(options.actor, 'situation.document.edit', { municipalityId: options.municipalityId }).allowed };
}

/** A new draft, empty (its sources section prefilled from what the database holds) or started from an earlier lägesbild, whose text it copies. */
export async function createReport(options: {
	db: Db;
	actor: Actor;
	municipality: Municipality;
	input: ReportHeadInput;
	basedOnId?: string | null;
	ip: string | null;
}) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'situation.document.edit', { municipalityId: municipality.id });
	const parsed = reportHeadSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const head = parsed.data;
	const basis = options.basedOnId ? await reportOrFail(db, options.basedOnId, municipality.id) : null;
	const basisAreas = basis ? await focusAreasOf(db, basis.id) : [];
	const held = (await computeFigures({ db, actor, municipality, period: { from: head.periodFrom, to: head.periodTo }, focusAreas: [] })).sources;
	// The next lägesbild keeps the adopted one's wording, and names the sources that have come since.
	const sourcesUsed = basis ? withNewSources(basis.sourcesUsed, held.localSources ?? []) : sourcesText(held);
	return db.transaction(async (tx) => {
		const report = await insertReport(tx, {
			municipalityId: municipality.id,
			title: head.title,
			periodFrom: head.periodFrom,
			periodTo: head.periodTo,
			summary: basis?.summary ?? '',
			sourcesUsed,
			sourcesLeftOut: basis?.sourcesLeftOut ?? '',
			crimeText: basis?.crimeText ?? '',
			unsafetyText: basis?.unsafetyText ?? '',
			socioeconomicText: basis?.socioeconomicText ?? '',
			analysisText: basis?.analysisText ?? '',
			basedOnId: basis?.id ?? null,
			createdBy: actor.userId
		});
		for (const [i, area] of basisAreas.entries()) {
			const copy = await insertReportFocusArea(tx, {
				reportId: report.id,
				sortOrder: i,
				title: area.title,
				rationale: area.rationale,
				areaIds: area.areaIds,
				categories: area.categories,
				focusAreaId: area.focusAreaId
			});
			await replaceReportProblems(
				tx,
				copy.id,
				area.problems.map((p) => ({ text: p.text, problemId: p.problemId }))
			);
		}
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.report.created',
				entityType: 'situation_report',
				entityId: report.id,
				municipalityId: municipality.id,
				changes: {
					title: { before: null, after: head.title },
					period: { before: null, after: `${head.periodFrom}–${head.periodTo}` },
					basedOn: { before: null, after: basis?.id ?? null }
				}
			}
		);
		return report.id;
	});
}

/** The document with its figures: frozen ones when adopted, live ones while a draft. */
export async function getReport(options: { db: Db; actor: Actor; municipality: Municipality; reportId: string; config: RenewalConfig; today?: string }) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'situation.document.read', { municipalityId: municipality.id });
	const report = await reportOrFail(db, options.reportId, municipality.id);
	const focusAreas = await focusAreasOf(db, report.id);
	const frozen = report.status === 'antagen' && report.snapshot !== null;
	const figures = frozen
		? (report.snapshot as SituationFigures)
		: await computeFigures({ db, actor, municipality, period: { from: report.periodFrom, to: report.periodTo }, focusAreas });
	const [linkedPlans, allPlans, areas, municipalityFocusAreas, renewal] = await Promise.all([
		plansOfReport(db, report.id),
		plansOfMunicipality(db, municipality.id),
		listAreas({ db, actor, municipalityId: municipality.id }),
		listMunicipalityFocusAreas(db, municipality.id),
		renewalOf(db, municipality.id, options.config, options.today)
	]);
	return {
		report,
		focusAreas,
		figures,
		frozen,
		plans: linkedPlans,
		allPlans,
		areas: areas.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
		categories: CRIME_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
		municipalityFocusAreas,
		renewal,
		canManage: decide(actor, 'situation.document.edit', { municipalityId: municipality.id }).allowed
	};
}

async function auditWrite(
	tx: DbOrTx,
	options: { actor: Actor; ip: string | null; municipalityId: string; reportId: string },
	action: AuditEventType,
	changes: Record<string, { before: unknown; after: unknown }>
) {
	await recordAudit(
		tx,
		{ actor: options.actor, ip: options.ip },
		{ action, entityType: 'situation_report', entityId: options.reportId, municipalityId: options.municipalityId, changes }
	);
}

async function draftOrFail(db: DbOrTx, reportId: string, municipalityId: string) {
	const report = await reportOrFail(db, reportId, municipalityId);
	if (report.status !== 'utkast') throw adoptedIsReadOnly();
	return report;
}

/** Saves the title, period and the written sections of a draft. */
export async function updateReport(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	reportId: string;
	head: ReportHeadInput;
	sections: ReportSectionsInput;
	ip: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.document.edit', { municipalityId });
	const head = reportHeadSchema.safeParse(options.head);
	const sections = reportSectionsSchema.safeParse(options.sections);
	if (!head.success || !sections.success)
		throw validationErrorFromIssues([...(head.success ? [] : head.error.issues), ...(sections.success ? [] : sections.error.issues)]);
	await db.transaction(async (tx) => {
		const before = await draftOrFail(tx, options.reportId, municipalityId);
		const values = { ...head.data, ...sections.data };
		if (!(await updateDraftRow(tx, before.id, values))) throw adoptedIsReadOnly();
		const changes: Record<string, { before: unknown; after: unknown }> = {};
		for (const [key, value] of Object.entries(values))
			if (before[key as keyof typeof values] !== value) changes[key] = { before: before[key as keyof typeof values], after: value };
		await auditWrite(tx, { ...options, reportId: before.id }, 'situation.report.updated', changes);
	});
}

/** Adds a focus area (no id) or changes one; only while the lägesbild is a draft. */
export async function saveReportFocusArea(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	reportId: string;
	focusAreaId: string | null;
	input: FocusAreaInput;
	ip: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.document.edit', { municipalityId });
	const parsed = focusAreaInputSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const input = parsed.data;
	const unknownCategory = input.categories.find((c) => !CRIME_CATEGORIES.some((k) => k.id === c));
	if (unknownCategory) throw codedValidationError({ categories: { code: 'situation.unknown_category', params: { category: unknownCategory } } });
	const knownAreas = new Set((await listAreas({ db, actor, municipalityId })).map((a) => a.id));
	if (input.areaIds.some((id) => !knownAreas.has(id))) throw codedValidationError({ areaIds: { code: 'situation.area_not_in_municipality' } });
	return db.transaction(async (tx) => {
		const report = await draftOrFail(tx, options.reportId, municipalityId);
		const existing = await focusAreasOf(tx, report.id);
		let id = options.focusAreaId;
		const before = id ? existing.find((a) => a.id === id) : undefined;
		if (id && !before) throw new NotFoundError('situation.focus_area_not_found');
		if (before)
			await updateReportFocusArea(tx, before.id, { title: input.title, rationale: input.rationale, areaIds: input.areaIds, categories: input.categories });
		else
			id = (
				await insertReportFocusArea(tx, {
					reportId: report.id,
					sortOrder: existing.length,
					title: input.title,
					rationale: input.rationale,
					areaIds: input.areaIds,
					categories: input.categories
				})
			).id;
		// A problem keeps its link to the municipality's problem while its text is the same or it keeps its place.
		const oldProblems = before?.problems ?? [];
		await replaceReportProblems(
			tx,
			id!,
			input.problems.map((text, i) => ({ text, problemId: (oldProblems.find((p) => p.text === text) ?? oldProblems[i])?.problemId ?? null }))
		);
		await updateReportRow(tx, report.id, {});
		await auditWrite(tx, { ...options, reportId: report.id }, before ? 'situation.report_focus_area.updated' : 'situation.report_focus_area.added', {
			focusArea: {
				before: before ? { title: before.title, problems: before.problems.map((p) => p.text), areaIds: before.areaIds, categories: before.categories } : null,
				after: { title: input.title, problems: input.problems, areaIds: input.areaIds, categories: input.categories }
			}
		});
		return id!;
	});
}

export async function removeReportFocusArea(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	reportId: string;
	focusAreaId: string;
	ip: string | null;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.document.edit', { municipalityId });
	await db.transaction(async (tx) => {
		const report = await draftOrFail(tx, options.reportId, municipalityId);
		const area = (await focusAreasOf(tx, report.id)).find((a) => a.id === options.focusAreaId);
		if (!area) throw new NotFoundError('situation.focus_area_not_found');
		await deleteReportFocusArea(tx, area.id);
		await auditWrite(tx, { ...options, reportId: report.id }, 'situation.report_focus_area.removed', { focusArea: { before: area.title, after: null } });
	});
}

/** Drafts may be thrown away; an adopted lägesbild is a record and stays. */
export async function deleteReport(options: { db: Db; actor: Actor; municipalityId: string; reportId: string; ip: string | null }) {
	requireAccess(options.actor, 'situation.document.edit', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const report = await draftOrFail(tx, options.reportId, options.municipalityId);
		await deleteReportRow(tx, report.id);
		await auditWrite(tx, { ...options, reportId: report.id }, 'situation.report.deleted', { title: { before: report.title, after: null } });
	});
}

/**
 * Adoption: records the decision, freezes every figure, and makes each focus area and problem
 * the municipality's own (renaming the focus area it was linked to, or creating it), so the
 * action plan's measures link to what the lägesbild found. Plans based on this lägesbild get
 * the focus areas they lack.
 */
export async function adoptReport(options: {
	db: Db;
	actor: Actor;
	municipality: Municipality;
	reportId: string;
	input: AdoptionInput;
	ip: string | null;
	now?: Date;
}) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'situation.document.adopt', { municipalityId: municipality.id });
	const parsed = adoptionSchema.safeParse(options.input);
	if (!parsed.success) throw validationErrorFromIssues(parsed.error.issues);
	const adoption = parsed.data;
	const draft = await draftOrFail(db, options.reportId, municipality.id);
	const areas = await focusAreasOf(db, draft.id);
	if (areas.length === 0) throw codedValidationError({ focusAreas: { code: 'situation.focus_areas_required' } });
	const figures = await computeFigures({
		db,
		actor,
		municipality,
		period: { from: draft.periodFrom, to: draft.periodTo },
		focusAreas: areas,
		now: options.now
	});
	return db.transaction(async (tx) => {
		const frozen = await updateDraftRow(tx, draft.id, {
			status: 'antagen',
			adoptedBody: adoption.body,
			adoptedOn: adoption.date,
			adoptedParagraph: adoption.paragraph || null,
			snapshot: figures
		});
		if (!frozen) throw adoptedIsReadOnly();
		const own = new Set((await listMunicipalityFocusAreas(tx, municipality.id)).map((a) => a.id));
		const created: string[] = [];
		for (const area of areas) {
			let focusAreaId = area.focusAreaId && own.has(area.focusAreaId) ? area.focusAreaId : null;
			if (focusAreaId) await renameMunicipalityFocusArea(tx, focusAreaId, area.title);
			else {
				focusAreaId = await insertMunicipalityFocusArea(tx, { municipalityId: municipality.id, title: area.title, summary: area.rationale });
				created.push(area.title);
				await updateReportFocusArea(tx, area.id, { focusAreaId });
			}
			const existing = new Set((await listProblemsOf(tx, [focusAreaId])).map((p) => p.id));
			const base = existing.size;
			for (const [i, problem] of area.problems.entries()) {
				if (problem.problemId && existing.has(problem.problemId)) await updateProblemText(tx, problem.problemId, problem.text, i);
				else await setReportProblemLink(tx, problem.id, await insertProblem(tx, { focusAreaId, text: problem.text, sortOrder: base + i }));
			}
		}
		for (const plan of await plansOfReport(tx, draft.id)) await addMissingFocusAreas(tx, plan.id, draft.id);
		await auditWrite(tx, { actor, ip: options.ip, municipalityId: municipality.id, reportId: draft.id }, 'situation.report.adopted', {
			status: { before: 'utkast', after: 'antagen' },
			adoption: { before: null, after: adoption },
			focusAreasCreated: { before: null, after: created }
		});
	});
}

/** A plan based on the lägesbild gets every focus area of it that it does not have yet (after its own). */
async function addMissingFocusAreas(tx: DbOrTx, planId: string, reportId: string) {
	const inPlan = await planFocusAreaIds(tx, planId);
	const have = new Set(inPlan.map((p) => p.focusAreaId));
	let next = inPlan.reduce((n, p) => Math.max(n, p.sortOrder + 1), 0);
	for (const area of await listReportFocusAreas(tx, reportId))
		if (area.focusAreaId && !have.has(area.focusAreaId)) await addPlanFocusArea(tx, planId, area.focusAreaId, next++);
}

/** Publishes an adopted lägesbild on the municipality's public pages (small counts hidden), or takes it down. */
export async function setReportPublished(options: { db: Db; actor: Actor; municipalityId: string; reportId: string; published: boolean; ip: string | null }) {
	requireAccess(options.actor, 'situation.document.adopt', { municipalityId: options.municipalityId });
	await options.db.transaction(async (tx) => {
		const report = await reportOrFail(tx, options.reportId, options.municipalityId);
		if (options.published && report.status !== 'antagen') throw new AppError('situation.report_not_adopted', 409, {});
		await updateReportRow(tx, report.id, { published: options.published });
		await auditWrite(tx, { ...options, reportId: report.id }, 'situation.report.published', {
			published: { before: report.published, after: options.published }
		});
	});
}

/** The action plan is based on this lägesbild (or, with reportId null, on none). */
export async function setPlanReport(options: { db: Db; actor: Actor; municipalityId: string; planId: string; reportId: string | null; ip: string | null }) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'situation.document.edit', { municipalityId });
	const plan = (await plansOfMunicipality(db, municipalityId)).find((p) => p.id === options.planId);
	if (!plan) throw codedValidationError({ planId: { code: 'situation.plan_not_in_municipality' } });
	await db.transaction(async (tx) => {
		const before = await reportOfPlan(tx, plan.id);
		if (options.reportId === null) await unlinkPlan(tx, plan.id);
		else {
			const report = await reportOrFail(tx, options.reportId, municipalityId);
			await linkPlanToReport(tx, plan.id, report.id);
			if (report.status === 'antagen') await addMissingFocusAreas(tx, plan.id, report.id);
		}
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.plan.situation_report_set',
				entityType: 'plan',
				entityId: plan.id,
				municipalityId,
				changes: { report: { before: before?.id ?? null, after: options.reportId } }
			}
		);
	});
}

/** The lägesbild a plan is based on, for the plan page. */
export async function planReport(options: { db: Db; actor: Actor; municipalityId: string; planId: string }) {
	requireAccess(options.actor, 'situation.document.read', { municipalityId: options.municipalityId });
	const row = isUuid(options.planId) ? await reportOfPlan(options.db, options.planId) : undefined;
	return row && row.municipalityId === options.municipalityId ? { id: row.id, title: row.title, status: row.status, adoptedOn: row.adoptedOn } : null;
}

export const REPORT_EXPORT_FORMATS = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
} as const;
export type ReportExportFormat = keyof typeof REPORT_EXPORT_FORMATS;

export function isReportExportFormat(value: string): value is ReportExportFormat {
	return Object.hasOwn(REPORT_EXPORT_FORMATS, value);
}

/** Word or PDF (through LibreOffice) of the document as the page shows it; every export is audited. */
export async function exportReport(options: {
	db: Db;
	actor: Actor;
	municipality: Municipality;
	reportId: string;
	format: ReportExportFormat;
	config: RenewalConfig;
	ip: string | null;
}) {
	const view = await getReport(options);
	const { report } = view;
	const docx = await renderReportDocx({
		municipalityName: options.municipality.officialName,
		title: report.title,
		periodFrom: report.periodFrom,
		periodTo: report.periodTo,
		status: report.status,
		adoption:
			report.status === 'antagen' && report.adoptedBody && report.adoptedOn
				? { body: report.adoptedBody, date: report.adoptedOn, paragraph: report.adoptedParagraph }
				: null,
		sections: report,
		focusAreas: view.focusAreas.map((a) => ({ id: a.id, title: a.title, rationale: a.rationale, problems: a.problems.map((p) => p.text) })),
		figures: view.figures
	});
	const body = options.format === 'pdf' ? await convertDocxToPdf(docx) : docx;
	await options.db.transaction((tx) =>
		auditWrite(tx, { actor: options.actor, ip: options.ip, municipalityId: options.municipality.id, reportId: report.id }, 'situation.report.exported', {
			format: { before: null, after: options.format }
		})
	);
	return { body, contentType: REPORT_EXPORT_FORMATS[options.format], fileName: downloadName(report.title, options.format, 'lagesbild') };
}

/** What citizens see: a published, adopted lägesbild with its frozen figures, small counts hidden. */
export async function getPublicReport(options: { db: Db; municipalityId: string; reportId: string; suppressBelow: number }) {
	const report = isUuid(options.reportId) ? await findReport(options.db, options.reportId) : undefined;
	if (!report || report.municipalityId !== options.municipalityId || report.status !== 'antagen' || !report.published || !report.snapshot)
		throw new NotFoundError('situation.report_not_published');
	const focusAreas = await focusAreasOf(options.db, report.id);
	return {
		id: report.id,
		title: report.title,
		periodFrom: report.periodFrom,
		periodTo: report.periodTo,
		adoption: { body: report.adoptedBody ?? '', date: report.adoptedOn ?? '', paragraph: report.adoptedParagraph },
		sections: {
			summary: report.summary,
			sourcesUsed: report.sourcesUsed,
			sourcesLeftOut: report.sourcesLeftOut,
			crimeText: report.crimeText,
			unsafetyText: report.unsafetyText,
			socioeconomicText: report.socioeconomicText,
			analysisText: report.analysisText
		},
		focusAreas: focusAreas.map((a) => ({ id: a.id, title: a.title, rationale: a.rationale, problems: a.problems.map((p) => p.text) })),
		figures: suppressFigures(report.snapshot as SituationFigures, options.suppressBelow),
		suppressBelow: options.suppressBelow
	};
}

/** Published lägesbilder of a municipality, for its public start page. */
export async function listPublicReports(options: { db: Db; municipalityId: string }) {
	return (await listReportsOfMunicipality(options.db, options.municipalityId))
		.filter((r) => r.status === 'antagen' && r.published)
		.map((r) => ({ id: r.id, title: r.title, adoptedOn: r.adoptedOn }));
}

/**
 * The evidence behind a measure: its focus area's rationale in the lägesbild and the figures for
 * the focus area's places and crime categories (frozen when adopted). The plan's own lägesbild
 * wins; else the latest adopted one that names the focus area; a draft only when nothing is adopted.
 */
export async function measureEvidence(options: { db: Db; actor: Actor; municipality: Municipality; planId: string; focusAreaId: string }) {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'situation.document.read', { municipalityId: municipality.id });
	const rows = (await evidenceRowsOfFocusArea(db, options.focusAreaId)).filter((r) => r.report.municipalityId === municipality.id);
	if (rows.length === 0) return null;
	const planReportId = (await reportOfPlan(db, options.planId))?.id;
	const chosen = rows.find((r) => r.report.id === planReportId) ?? rows.find((r) => r.report.status === 'antagen') ?? rows[0];
	const area = chosen.reportFocusArea;
	const report = await findReport(db, chosen.report.id);
	if (!report) return null;
	let figures: SituationFigures['focusAreas'][string] | null;
	if (report.status === 'antagen' && report.snapshot) figures = (report.snapshot as SituationFigures).focusAreas[area.id] ?? null;
	else {
		const [areas, indicators] = await Promise.all([
			listAreas({ db, actor, municipalityId: municipality.id }),
			listIndicators({ db, actor, municipalityId: municipality.id })
		]);
		figures = await computeFocusAreaFigures({ db, actor, municipality, periodTo: report.periodTo, focus: area, areas, indicators });
	}
	const problems = await listReportProblems(db, [area.id]);
	return {
		report: { id: report.id, title: report.title, status: report.status, adoptedOn: report.adoptedOn, adoptedBody: report.adoptedBody },
		focusArea: { title: area.title, rationale: area.rationale, problems: problems.map((p) => p.text) },
		figures
	};
}

/** For the banner: the renewal state if it is time to start the next lägesbild. */
export async function renewalBanner(options: { db: Db; actor: Actor; municipalityId: string; config: RenewalConfig; today?: string }) {
	requireAccess(options.actor, 'situation.document.read', { municipalityId: options.municipalityId });
	const renewal = await renewalOf(options.db, options.municipalityId, options.config, options.today);
	if (!renewal?.due) return null;
	const reminder = await findRenewalReminder(options.db, renewal.reportId);
	return { ...renewal, remindedAt: reminder?.sentAt.toISOString() ?? null };
}

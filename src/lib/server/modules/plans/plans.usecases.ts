import type { Db, DbOrTx } from '../../db/client';
import { type Actor, type Principal } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { downloadName } from '../../platform/http';
import { isUuid } from '../../platform/ids';
import { AppError, AppErrorWithText } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { insertOrganisation, listOrganisationsOfMunicipality } from '../organisations/public';
import { importDraftGone, importHasErrors, planNotFound } from './plans.errors';
import { listAreaRows } from '../situation/public';
import {
	findOrganisationMatch,
	findPlaceNames,
	matchOrganisation,
	normaliseOrganisationName,
	parseCoResponsible,
	parseCost,
	parseFollowUp,
	parseIndicators,
	parseResponsible,
	parseTimePhrase
} from './plans.models';
import { PlanImportError, importNote, parsePlanFile, parsePlanText, type ParsedPlan } from './plan-import';
import { exportPlanCsv, exportPlanDocx, exportPlanJson, exportPlanXlsx, type PlanExportInput } from './plan-export';
import {
	findPlan,
	insertDecisions,
	insertFocusArea,
	insertImportDraft,
	insertMeasure,
	insertMeasureResponsibles,
	insertPlan,
	insertPlanFocusArea,
	insertProblems,
	listPlansOfMunicipality,
	loadPlanContents,
	takeImportDraft
} from './plans.repository';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Plans citizens may read: a decided plan is a public document, and so is a finished one. */
export const PUBLISHED_PLAN_STATUSES: ReadonlySet<string> = new Set(['beslutad', 'avslutad']);

export type ImportSource = { kind: 'text'; text: string } | { kind: 'file'; fileName: string; data: Uint8Array };

/** A name in the plan that resembles a known organisation: the user says whether it is the same one. */
export interface OrganisationSuggestion {
	/** The name as the plan writes it. */
	name: string;
	/** normaliseOrganisationName(name): the key the user's choice is posted under. */
	key: string;
	suggestion: { id: string; name: string };
}

/** Every party a parsed plan names (responsible and co-responsible), each once. */
function partiesOfPlan(parsed: ParsedPlan): string[] {
	const names = new Map<string, string>();
	for (const area of parsed.focusAreas)
		for (const measure of area.measures)
			for (const party of [...parseResponsible(measure.responsible), ...parseCoResponsible(measure.coResponsible ?? '')]) {
				const key = normaliseOrganisationName(party.name);
				if (!names.has(key)) names.set(key, party.name);
			}
	return [...names.values()];
}

/** The plan's names that only resemble an organisation of the municipality (typos, shorter or longer forms). */
export function organisationSuggestions(parsed: ParsedPlan, known: readonly { id: string; name: string; type: string }[]): OrganisationSuggestion[] {
	return partiesOfPlan(parsed).flatMap((name) => {
		const found = findOrganisationMatch(name, known);
		if (found?.certainty !== 'near') return [];
		return [{ name, key: normaliseOrganisationName(name), suggestion: { id: found.organisation.id, name: found.organisation.name } }];
	});
}

/** Reads the input into a plan and keeps it as a draft for the user to check. Nothing is saved to the plan yet. */
export async function previewPlanImport(options: { db: Db; actor: Actor; municipalityId: string; source: ImportSource }) {
	const { db, actor, municipalityId, source } = options;
	requireAccess(actor, 'plan.import', { municipalityId });
	let parsed: ParsedPlan;
	let fileName = 'inklistrad text';
	try {
		if (source.kind === 'text') {
			if (!source.text.trim()) throw new AppError('plans.import_empty_text', 400, {});
			parsed = parsePlanText(source.text);
		} else {
			fileName = source.fileName;
			if (source.data.byteLength === 0) throw new AppError('plans.import_empty_file', 400, {});
			if (source.data.byteLength > MAX_IMPORT_BYTES) throw new AppError('plans.import_too_large', 413, {});
			parsed = await parsePlanFile(source.data, source.fileName);
		}
	} catch (error) {
		if (error instanceof PlanImportError) throw new AppErrorWithText(`plans.import_${error.code}`, 400, error.text);
		throw error;
	}
	const measureCount = parsed.focusAreas.reduce((n, area) => n + area.measures.length, 0);
	if (measureCount === 0 && !parsed.problems.some((p) => p.severity === 'error')) {
		parsed.problems.push(importNote(null, 'error', 'no_measures'));
	}
	const draftId = await insertImportDraft(db, { municipalityId, userId: actor.userId, fileName, parsed });
	const suggestions = organisationSuggestions(parsed, await listOrganisationsOfMunicipality(db, municipalityId));
	return { draftId, parsed, fileName, suggestions };
}

/**
 * Saves a previewed draft as a plan: all of it, or nothing. `sameAs` holds the user's answers to
 * the suggestions (name key → the organisation it is); a suggested name not confirmed becomes an
 * organisation to confirm.
 */
export async function confirmPlanImport(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	draftId: string;
	title?: string;
	ip: string | null;
	sameAs?: Readonly<Record<string, string>>;
}) {
	const { db, actor, municipalityId } = options;
	requireAccess(actor, 'plan.import', { municipalityId });
	return db.transaction(async (tx) => {
		const draft = isUuid(options.draftId) ? await takeImportDraft(tx, options.draftId, actor.userId, municipalityId) : undefined;
		if (!draft) throw importDraftGone();
		const parsed = draft.parsed as ParsedPlan;
		if (parsed.problems.some((p) => p.severity === 'error')) throw importHasErrors();
		return savePlan(tx, { actor, municipalityId, parsed, title: options.title, ip: options.ip, source: draft.fileName, sameAs: options.sameAs ?? {} });
	});
}

/** Imports a plan in one step (CLI, demo data); the same path the browser's confirmation takes. */
export async function importPlan(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	parsed: ParsedPlan;
	ip?: string | null;
	source: string;
	sameAs?: Readonly<Record<string, string>>;
}) {
	const { db, actor, municipalityId, parsed } = options;
	requireAccess(actor, 'plan.import', { municipalityId });
	if (parsed.problems.some((p) => p.severity === 'error')) throw importHasErrors();
	return db.transaction((tx) => savePlan(tx, { actor, municipalityId, parsed, ip: options.ip ?? null, source: options.source, sameAs: options.sameAs ?? {} }));
}

async function savePlan(
	tx: DbOrTx,
	options: {
		actor: Principal;
		municipalityId: string;
		parsed: ParsedPlan;
		title?: string;
		ip: string | null;
		source: string;
		sameAs: Readonly<Record<string, string>>;
	}
): Promise<string> {
	const { municipalityId, parsed } = options;
	const known = await listOrganisationsOfMunicipality(tx, municipalityId);
	// Places the lägesbild knows (its areas): a measure whose Omfattning names one targets it.
	const places = (await listAreaRows(tx, municipalityId)).filter((a) => a.kind !== 'kommun').map((a) => a.name);
	const created = new Map<string, string>();
	const organisationFor = async (name: string): Promise<string> => {
		const match = matchOrganisation(name, known);
		if (match) return match.id;
		const key = normaliseOrganisationName(name);
		// A resemblance the user confirmed, to an organisation of this municipality only.
		const confirmed = known.find((o) => o.id === options.sameAs[key]);
		if (confirmed) return confirmed.id;
		let id = created.get(key);
		if (!id) {
			// Unknown names are never dropped: they become organisations for the coordinator to confirm or merge.
			id = (await insertOrganisation(tx, { name, type: 'annan', needsConfirmation: true }, [municipalityId])).id;
			created.set(key, id);
		}
		return id;
	};

	const plan = await insertPlan(tx, {
		municipalityId,
		title: options.title?.trim() || parsed.title || 'Åtgärdsplan',
		preamble: parsed.preamble,
		status: 'utkast'
	});
	await insertDecisions(
		tx,
		parsed.decisions.map((d, index) => ({ planId: plan.id, body: d.body, date: d.date, kind: d.kind, reference: null, text: d.text, sortOrder: index }))
	);
	let measureCount = 0;
	for (const [areaIndex, area] of parsed.focusAreas.entries()) {
		const focusArea = await insertFocusArea(tx, { municipalityId, title: area.title, summary: area.summary });
		await insertPlanFocusArea(tx, { planId: plan.id, focusAreaId: focusArea.id, sortOrder: areaIndex });
		await insertProblems(
			tx,
			area.problems.map((text, index) => ({ focusAreaId: focusArea.id, text, sortOrder: index }))
		);
		for (const measure of area.measures) {
			const time = parseTimePhrase(measure.time);
			const cost = parseCost(measure.cost);
			const followUp = parseFollowUp(measure.followUp);
			const row = await insertMeasure(tx, {
				planId: plan.id,
				focusAreaId: focusArea.id,
				sortOrder: measureCount++,
				title: measure.title,
				description: measure.description,
				timeText: measure.time,
				startDate: time.startDate,
				endDate: time.endDate,
				ongoing: time.ongoing,
				scope: measure.scope,
				targetAreas: findPlaceNames(`${measure.scope}\n${measure.description}`, places),
				responsibleText: measure.responsible,
				costText: measure.cost,
				costAmount: cost.amountSek,
				fundingSource: cost.fundingSource,
				goal: measure.goal,
				followUpText: measure.followUp,
				followUpForums: followUp.forums,
				followUpCadence: followUp.cadence,
				indicators: parseIndicators(measure.indicator ?? '')
			});
			// Drafts saved before the co-responsible column was read have no coResponsible text.
			const parties = [...parseResponsible(measure.responsible), ...parseCoResponsible(measure.coResponsible ?? '')];
			const links: { measureId: string; organisationId: string; lead: boolean }[] = [];
			for (const party of parties) {
				const organisationId = await organisationFor(party.name);
				if (!links.some((l) => l.organisationId === organisationId)) links.push({ measureId: row.id, organisationId, lead: party.lead });
			}
			await insertMeasureResponsibles(tx, links);
		}
	}
	await recordAudit(
		tx,
		{ actor: options.actor, ip: options.ip },
		{
			action: 'plans.plan.imported',
			entityType: 'plan',
			entityId: plan.id,
			municipalityId,
			changes: {
				title: { before: null, after: plan.title },
				source: { before: null, after: options.source },
				focusAreas: { before: null, after: parsed.focusAreas.length },
				measures: { before: null, after: measureCount },
				organisationsToConfirm: { before: null, after: [...created.keys()].length }
			}
		}
	);
	return plan.id;
}

export async function listPlans(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'plan.read', { municipalityId: options.municipalityId });
	return listPlansOfMunicipality(options.db, options.municipalityId);
}

/** The whole plan, shaped as the API documents it (and as the pages and exports use it). */
export async function getPlan(options: { db: Db; actor: Principal; planId: string; municipalityId?: string }) {
	const plan = await findPlanOrFail(options.db, options.planId, options.municipalityId);
	requireAccess(options.actor, 'plan.read', { municipalityId: plan.municipalityId, id: plan.id, published: PUBLISHED_PLAN_STATUSES.has(plan.status) });
	return planView(options.db, plan);
}

async function findPlanOrFail(db: Db, planId: string, municipalityId?: string) {
	const plan = isUuid(planId) ? await findPlan(db, planId) : undefined;
	if (!plan || (municipalityId && plan.municipalityId !== municipalityId)) throw planNotFound();
	return plan;
}

async function planView(db: Db, plan: NonNullable<Awaited<ReturnType<typeof findPlan>>>) {
	const contents = await loadPlanContents(db, plan.id);
	const linked = new Set(contents.problemLinks.map((l) => l.measureId));
	return {
		id: plan.id,
		municipalityId: plan.municipalityId,
		title: plan.title,
		status: plan.status,
		period: plan.period,
		preamble: plan.preamble,
		revision: plan.revision,
		decisions: contents.decisions.map((d) => ({
			id: d.id,
			body: d.body,
			date: d.date,
			kind: d.kind,
			reference: d.reference,
			text: d.text,
			responses: contents.responses.filter((r) => r.decisionId === d.id).map((r) => ({ id: r.id, body: r.body, receivedOn: r.receivedOn, answer: r.answer })),
			documents: contents.documents
				.filter((doc) => doc.decisionId === d.id)
				.map((doc) => ({ id: doc.id, fileName: doc.fileName, mediaType: doc.mediaType, size: doc.size }))
		})),
		focusAreas: contents.areas.map((area) => ({
			id: area.id,
			title: area.title,
			summary: area.summary,
			problems: contents.problems.filter((p) => p.focusAreaId === area.id).map((p) => ({ id: p.id, text: p.text })),
			measures: contents.measures
				.filter((m) => m.focusAreaId === area.id)
				.map((m) => ({
					id: m.id,
					title: m.title,
					description: m.description,
					time: m.timeText,
					startDate: m.startDate,
					endDate: m.endDate,
					ongoing: m.ongoing,
					scope: m.scope,
					responsibleText: m.responsibleText,
					responsible: contents.responsibles
						.filter((r) => r.measureId === m.id)
						.map((r) => ({ organisation: r.name, organisationId: r.organisationId, lead: r.lead, toConfirm: r.needsConfirmation })),
					cost: m.costText,
					costAmount: m.costAmount,
					fundingSource: m.fundingSource,
					goal: m.goal,
					followUp: m.followUpText,
					followUpForums: m.followUpForums,
					followUpCadence: m.followUpCadence,
					targetAreas: m.targetAreas,
					indicators: m.indicators,
					factors: m.factors,
					status: m.status,
					problemIds: contents.problemLinks.filter((l) => l.measureId === m.id).map((l) => l.problemId),
					linkedToProblem: linked.has(m.id)
				}))
		}))
	};
}

export type PlanView = Awaited<ReturnType<typeof getPlan>>;

export const EXPORT_FORMATS = {
	docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', write: exportPlanDocx },
	xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: exportPlanXlsx },
	csv: { contentType: 'text/csv; charset=utf-8', write: async (input: PlanExportInput) => Buffer.from(exportPlanCsv(input), 'utf8') },
	json: { contentType: 'application/json; charset=utf-8', write: async (input: PlanExportInput) => Buffer.from(exportPlanJson(input), 'utf8') }
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(value: string): value is ExportFormat {
	return Object.hasOwn(EXPORT_FORMATS, value);
}

/** A measure's seven columns as the municipality wrote them: what the exports and the report print. */
export function measureColumns(m: PlanView['focusAreas'][number]['measures'][number]) {
	return { description: m.description, time: m.time, scope: m.scope, responsible: m.responsibleText, cost: m.cost, goal: m.goal, followUp: m.followUp };
}

export function planExportInput(plan: PlanView, municipalityName: string): PlanExportInput {
	return {
		title: plan.title,
		period: plan.period,
		municipalityName,
		preamble: plan.preamble,
		decisions: plan.decisions.map((d) => ({ body: d.body, date: d.date, kind: d.kind, reference: d.reference, text: d.text })),
		focusAreas: plan.focusAreas.map((area) => ({
			title: area.title,
			summary: area.summary,
			problems: area.problems.map((p) => p.text),
			measures: area.measures.map((m) => ({ ...measureColumns(m), status: m.status }))
		}))
	};
}

/** The plan as a file in the municipality's own layout; every export is audited. */
export async function exportPlan(options: {
	db: Db;
	actor: Principal;
	planId: string;
	municipality: { id: string; officialName: string };
	format: ExportFormat;
	ip: string | null;
}) {
	const { db, actor, municipality, format } = options;
	requireAccess(actor, 'plan.export', { municipalityId: municipality.id });
	const plan = await getPlan({ db, actor, planId: options.planId, municipalityId: municipality.id });
	const body = await EXPORT_FORMATS[format].write(planExportInput(plan, municipality.officialName));
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'plans.plan.exported',
				entityType: 'plan',
				entityId: plan.id,
				municipalityId: plan.municipalityId,
				changes: { format: { before: null, after: format } }
			}
		)
	);
	const fileName = downloadName(plan.title, format, 'atgardsplan');
	return { body, contentType: EXPORT_FORMATS[format].contentType, fileName };
}

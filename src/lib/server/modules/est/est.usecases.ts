import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor, Principal } from '../../platform/authz';
import { NotFoundError, codedValidationError } from '../../platform/errors';
import { writeCsv } from '../../platform/files/csv';
import { preparePhoto } from '../../platform/files/images';
import { bboxOf, containsPoint, prepareShape, type Geometry } from '../../platform/geo/spatial';
import { containsPersonalIdentityNumber } from '../../platform/personal-identity';
import { recordAudit } from '../audit/public';
import { compilePicture } from './est.picture';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { listAreaGeometries, listAreaRows } from '../situation/public';
import {
	EST_CADENCES,
	EST_DEFAULT_CATEGORIES,
	currentCycle,
	cycleByNumber,
	isoWeek,
	yearEarlier,
	occurredInFuture,
	reportErrorCodes,
	reportInputSchema,
	type EstCadence,
	type ReportInput
} from './est.models';
import {
	findCycleSettings,
	findReportPhoto,
	insertReport,
	listParticipantIds,
	listPictureReportsBetween,
	listReportsBetween,
	listReportsOfMunicipality,
	listReportsOfReporter,
	listStoredCategories,
	replaceCategories,
	replaceParticipants,
	upsertCycleSettings
} from './est.repository';
import { findReportIdByClientId, insertReportClientId } from './est.offline.repository';

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** The municipality's categories: its own list, or the defaults of issue 13 until the coordinator edits it. */
export async function categoriesOf(db: DbOrTx, municipalityId: string): Promise<string[]> {
	const stored = await listStoredCategories(db, municipalityId);
	return stored.length ? stored : [...EST_DEFAULT_CATEGORIES];
}

/** The EST page: the cadence (if set), the cycle today falls in, categories, participants and the latest reports. */
export async function estOverview(options: { db: Db; actor: Actor; municipalityId: string; today?: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const [settings, reports, categories, participantIds, organisations] = await Promise.all([
		findCycleSettings(options.db, options.municipalityId),
		listReportsOfMunicipality(options.db, options.municipalityId, 50),
		categoriesOf(options.db, options.municipalityId),
		listParticipantIds(options.db, options.municipalityId),
		listOrganisationsOfMunicipality(options.db, options.municipalityId)
	]);
	return {
		categories,
		organisations: organisations.map((o) => ({ id: o.id, name: o.name, participates: participantIds.includes(o.id) })),
		settings: settings ? { cadence: settings.cadence, firstCycleStart: settings.firstCycleStart, retentionMonths: settings.retentionMonths } : null,
		cycle: settings ? currentCycle(settings.cadence as EstCadence, settings.firstCycleStart, options.today ?? todayIso()) : null,
		reports: reports.map((r) => ({ id: r.id, category: r.category, place: r.place, occurredOn: r.occurredOn, effect: r.effect }))
	};
}

const settingsSchema = z.object({
	cadence: z.enum(EST_CADENCES),
	firstCycleStart: z.iso.date(),
	/** After how many months free text and photos are removed (1–120); unchanged when not sent. */
	retentionMonths: z.preprocess((value) => (value === '' || value === undefined ? undefined : value), z.coerce.number().int().min(1).max(120).optional())
});

/** The coordinator sets how often the EST group meets and when the first cycle started. */
export async function setCycleSettings(options: { db: Db; actor: Actor; municipalityId: string; input: unknown; ip: string | null }) {
	requireAccess(options.actor, 'est.settings.edit', { municipalityId: options.municipalityId });
	const parsed = settingsSchema.safeParse(options.input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError({
			...(fields.has('cadence') ? { cadence: { code: 'est.cadence_invalid' } } : {}),
			...(fields.has('firstCycleStart') ? { firstCycleStart: { code: 'est.first_cycle_start_invalid' } } : {}),
			...(fields.has('retentionMonths') ? { retentionMonths: { code: 'est.retention_months_invalid' } } : {})
		});
	}
	const input = parsed.data;
	await options.db.transaction(async (tx) => {
		const before = await findCycleSettings(tx, options.municipalityId);
		await upsertCycleSettings(tx, { municipalityId: options.municipalityId, ...input, updatedBy: options.actor.userId });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.cycle_settings.updated',
				entityType: 'est_cycle_settings',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: {
					cadence: { before: before?.cadence ?? null, after: input.cadence },
					firstCycleStart: { before: before?.firstCycleStart ?? null, after: input.firstCycleStart },
					...(input.retentionMonths !== undefined && input.retentionMonths !== (before?.retentionMonths ?? 24)
						? { retentionMonths: { before: before?.retentionMonths ?? 24, after: input.retentionMonths } }
						: {})
				}
			}
		);
	});
}

/**
 * The coordinator's category list, one per line: blank lines and repeats (ignoring case) are
 * dropped; at least one category, each at most 100 characters. Reports keep the name they were
 * filed under, so renaming a category does not rewrite history.
 */
export async function setCategories(options: { db: Db; actor: Actor; municipalityId: string; text: string; ip: string | null }) {
	requireAccess(options.actor, 'est.settings.edit', { municipalityId: options.municipalityId });
	const seen = new Set<string>();
	const names: string[] = [];
	for (const line of options.text.split(/\r?\n/)) {
		const name = line.trim().replace(/\s+/g, ' ');
		if (!name || seen.has(name.toLocaleLowerCase('sv'))) continue;
		if (name.length > 100) throw codedValidationError({ categories: { code: 'est.category_too_long', params: { name: name.slice(0, 40) } } });
		seen.add(name.toLocaleLowerCase('sv'));
		names.push(name);
	}
	if (names.length === 0) throw codedValidationError({ categories: { code: 'est.categories_empty' } });
	if (names.length > 60) throw codedValidationError({ categories: { code: 'est.categories_too_many' } });
	await options.db.transaction(async (tx) => {
		const before = await categoriesOf(tx, options.municipalityId);
		await replaceCategories(tx, options.municipalityId, names);
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.categories.updated',
				entityType: 'est_categories',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: { categories: { before: before.join('; '), after: names.join('; ') } }
			}
		);
	});
}

/** The organisations taking part in the EST group, chosen among the municipality's organisations. */
export async function setParticipants(options: { db: Db; actor: Actor; municipalityId: string; organisationIds: string[]; ip: string | null }) {
	requireAccess(options.actor, 'est.settings.edit', { municipalityId: options.municipalityId });
	const known = new Map((await listOrganisationsOfMunicipality(options.db, options.municipalityId)).map((o) => [o.id, o.name]));
	const chosen = [...new Set(options.organisationIds)];
	if (chosen.some((id) => !known.has(id))) throw codedValidationError({ participants: { code: 'est.participant_unknown' } });
	await options.db.transaction(async (tx) => {
		const before = await listParticipantIds(tx, options.municipalityId);
		await replaceParticipants(tx, options.municipalityId, chosen);
		const names = (ids: string[]) => ids.map((id) => known.get(id) ?? id).sort((a, b) => a.localeCompare(b, 'sv'));
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.participants.updated',
				entityType: 'est_participants',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: { participants: { before: names(before).join('; '), after: names(chosen).join('; ') } }
			}
		);
	});
}

/** What the report form needs: the categories, the lägesbild's areas to pick from, and the participants. */
export async function reportFormData(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	const [categories, areas] = await Promise.all([categoriesOf(options.db, options.municipalityId), listAreaRows(options.db, options.municipalityId)]);
	return { categories, areas: areas.map((a) => ({ id: a.id, name: a.name, kind: a.kind })) };
}

/**
 * Finds the smallest of the municipality's areas that contains a point (WGS84), or null. Areas of
 * every kind are tried; the smallest bounding box wins, so a point gets its neighbourhood rather
 * than the whole district. The shapes are loaded once per locator.
 */
export async function areaLocator(db: DbOrTx, municipalityId: string): Promise<(latitude: number, longitude: number) => string | null> {
	const kinds = [...new Set((await listAreaRows(db, municipalityId)).map((a) => a.kind))];
	const shapes = (await Promise.all(kinds.map((kind) => listAreaGeometries(db, municipalityId, kind)))).flat().map((area) => {
		const bbox = area.bbox ?? bboxOf(area.geometry as Geometry);
		return { id: area.id, bbox, size: (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), shape: prepareShape(area.geometry as Geometry) };
	});
	shapes.sort((a, b) => a.size - b.size);
	return (latitude, longitude) => {
		for (const area of shapes) {
			const [minX, minY, maxX, maxY] = area.bbox;
			if (longitude < minX || longitude > maxX || latitude < minY || latitude > maxY) continue;
			if (containsPoint(area.shape, longitude, latitude)) return area.id;
		}
		return null;
	};
}

export async function areaAtPoint(db: DbOrTx, municipalityId: string, latitude: number, longitude: number): Promise<string | null> {
	return (await areaLocator(db, municipalityId))(latitude, longitude);
}

/**
 * Checks a report (categories of the municipality, a place, a date not ahead, no personal
 * identity number in the text) and returns it ready to store. Shared by the form, the import and
 * Open311 so that every channel refuses the same things.
 */
export async function checkReport(
	db: DbOrTx,
	municipalityId: string,
	raw: unknown,
	today: string
): Promise<Omit<ReportInput, 'areaId'> & { areaId: string | null }> {
	const parsed = reportInputSchema.safeParse(raw);
	if (!parsed.success) throw codedValidationError(reportErrorCodes(parsed.error.issues, raw));
	const input = parsed.data;
	const errors: Record<string, { code: string }> = {};
	if (!(await categoriesOf(db, municipalityId)).includes(input.category)) errors.category = { code: 'est.category_invalid' };
	if (occurredInFuture(input.occurredOn, today)) errors.occurredOn = { code: 'est.occurred_on_future' };
	if (containsPersonalIdentityNumber(input.description) || containsPersonalIdentityNumber(input.place)) {
		errors[containsPersonalIdentityNumber(input.description) ? 'description' : 'place'] = { code: 'est.personal_identity_number' };
	}
	let areaId: string | null = input.areaId ?? null;
	if (areaId && !(await listAreaRows(db, municipalityId)).some((a) => a.id === areaId)) errors.areaId = { code: 'est.area_invalid' };
	if (Object.keys(errors).length) throw codedValidationError(errors);
	if (!areaId && input.latitude !== undefined && input.longitude !== undefined) areaId = await areaAtPoint(db, municipalityId, input.latitude, input.longitude);
	return { ...input, areaId };
}

/** A reporter files a report (the form): checked, stored with the reporter's organisation, audited. */
export async function createReport(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	input: unknown;
	/** The uploaded file as sent: made upright, smaller and stripped of EXIF/GPS here, whatever the channel. */
	photo?: Uint8Array | null;
	channel?: 'formular' | 'open311';
	/** The id the report was given where it was written (form or offline queue): sent again, it is stored once. */
	clientId?: string | null;
	ip: string | null;
	today?: string;
}): Promise<{ id: string }> {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	// Sent before (a resent form, a queue flushed again after a lost answer): the stored report is the answer.
	const clientId = options.clientId && /^[\w-]{8,64}$/.test(options.clientId) ? options.clientId : null;
	const stored = clientId ? await findReportIdByClientId(options.db, options.municipalityId, clientId) : null;
	if (stored) return { id: stored };
	const input = await checkReport(options.db, options.municipalityId, options.input, options.today ?? todayIso());
	const photo = options.photo?.byteLength ? await preparePhoto(options.photo) : null;
	const person = options.actor.kind === 'person' ? options.actor : null;
	const organisationId = person?.memberships.find((m) => m.municipalityId === options.municipalityId)?.organisationId ?? null;
	return options.db.transaction(async (tx) => {
		const report = await insertReport(tx, {
			municipalityId: options.municipalityId,
			category: input.category,
			place: input.place,
			areaId: input.areaId,
			latitude: input.latitude ?? null,
			longitude: input.longitude ?? null,
			occurredOn: input.occurredOn,
			timeOfDay: input.timeOfDay,
			effect: input.effect,
			description: input.description,
			notifyReporter: input.notifyReporter,
			photo: photo?.bytes ?? null,
			photoWidth: photo?.width ?? null,
			photoHeight: photo?.height ?? null,
			channel: options.channel ?? 'formular',
			organisationId,
			reportedBy: person?.userId ?? null
		});
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.report.created',
				entityType: 'est_report',
				entityId: report.id,
				municipalityId: options.municipalityId,
				changes: {
					category: { before: null, after: input.category },
					place: { before: null, after: input.place || null },
					areaId: { before: null, after: input.areaId },
					point: { before: null, after: input.latitude !== undefined },
					occurredOn: { before: null, after: input.occurredOn },
					timeOfDay: { before: null, after: input.timeOfDay },
					effect: { before: null, after: input.effect },
					description: { before: null, after: input.description.length > 0 },
					photo: { before: null, after: !!photo }
				}
			}
		);
		// Two sends of the same report at once: the second fails on the client id's key and stores nothing.
		if (clientId) await insertReportClientId(tx, { municipalityId: options.municipalityId, clientId, reportId: report.id });
		return report;
	});
}

/** The reporter's own reports and what became of them (mottagen … åtgärdad). */
export async function myReports(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	const rows = await listReportsOfReporter(options.db, options.municipalityId, options.actor.userId, 100);
	return rows.map((r) => ({ id: r.id, category: r.category, place: r.place, occurredOn: r.occurredOn, status: r.status, reportedAt: r.reportedAt }));
}

/** How many cycles back the picture looks for places reported again and again. */
export const REPEAT_WINDOW = 6;

/**
 * The compiled picture of a cycle (the current one, or `number`): its reports, per category and
 * area against the previous cycle and the same dates a year earlier, and the places reported in
 * at least three of the last six cycles. Null until the cadence is set.
 */
export async function cyclePicture(options: { db: Db; actor: Actor; municipalityId: string; number?: number; today?: string; noAreaLabel: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const settings = await findCycleSettings(options.db, options.municipalityId);
	if (!settings) return null;
	const cadence = settings.cadence as EstCadence;
	const today = options.today ?? todayIso();
	const current = currentCycle(cadence, settings.firstCycleStart, today);
	const number = options.number !== undefined && options.number >= 1 && options.number <= current.number ? options.number : current.number;
	const cycle = cycleByNumber(cadence, settings.firstCycleStart, number);
	const history = Array.from({ length: REPEAT_WINDOW }, (_, i) => cycleByNumber(cadence, settings.firstCycleStart, number - i));
	const lastYearPeriod = yearEarlier(cycle);
	// The window and last year only as counted (8 columns); the current cycle's reports whole, for its table.
	const [recent, lastYear, areas, currentReports] = await Promise.all([
		listPictureReportsBetween(options.db, options.municipalityId, history[history.length - 1].start, cycle.end),
		listPictureReportsBetween(options.db, options.municipalityId, lastYearPeriod.start, lastYearPeriod.end),
		listAreaRows(options.db, options.municipalityId),
		listReportsBetween(options.db, options.municipalityId, cycle.start, cycle.end)
	]);
	// A report filed before the areas were imported (or areas redrawn since) is placed by its point now.
	if ([...recent, ...lastYear, ...currentReports].some((r) => !r.areaId && r.latitude !== null)) {
		const locate = await areaLocator(options.db, options.municipalityId);
		for (const report of [...recent, ...lastYear, ...currentReports]) {
			if (!report.areaId && report.latitude !== null && report.longitude !== null) report.areaId = locate(report.latitude, report.longitude);
		}
	}
	const within = (period: { start: string; end: string }) => recent.filter((r) => r.occurredOn >= period.start && r.occurredOn <= period.end);
	const picture = compilePicture({
		current: currentReports,
		previous: within(history[1]),
		lastYear,
		history: history.map((c) => ({ cycle: c, reports: within(c) })),
		areaNames: new Map(areas.map((a) => [a.id, a.name])),
		noAreaLabel: options.noAreaLabel
	});
	const areaNames = new Map(areas.map((a) => [a.id, a.name]));
	return {
		cadence,
		cycle,
		currentNumber: current.number,
		weeks: { from: isoWeek(cycle.start), to: isoWeek(cycle.end) },
		previous: history[1],
		lastYear: lastYearPeriod,
		...picture,
		reports: currentReports.map((r) => ({
			id: r.id,
			category: r.category,
			place: r.place,
			area: r.areaId ? (areaNames.get(r.areaId) ?? null) : null,
			occurredOn: r.occurredOn,
			timeOfDay: r.timeOfDay,
			effect: r.effect,
			description: r.description,
			hasPhoto: r.hasPhoto
		}))
	};
}

/** A report's photo for someone in the municipality's EST work; each view is audited (photos can show more than meant). */
export async function reportPhoto(options: { db: Db; actor: Actor; reportId: string; ip: string | null }): Promise<Uint8Array> {
	const row = await findReportPhoto(options.db, options.reportId);
	if (!row) throw new NotFoundError('est.report_not_found');
	requireAccess(options.actor, 'est.read', { municipalityId: row.municipalityId });
	if (!row.photo) throw new NotFoundError('est.report_not_found');
	await recordAudit(
		options.db,
		{ actor: options.actor, ip: options.ip },
		{ action: 'est.report_photo.viewed', entityType: 'est_report', entityId: options.reportId, municipalityId: row.municipalityId }
	);
	return row.photo;
}

/**
 * The municipality's reports between two dates as CSV (Excel-ready: semicolons, BOM) or GeoJSON
 * (reports with a point), for analysis elsewhere. The export is audited with its period and size.
 */
export async function exportReports(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	format: 'csv' | 'geojson';
	from: string;
	to: string;
	ip: string | null;
}) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const valid = z.iso.date();
	if (!valid.safeParse(options.from).success || !valid.safeParse(options.to).success || options.from > options.to) {
		throw codedValidationError({ from: { code: 'est.export_period_invalid' } });
	}
	const [reports, areas] = await Promise.all([
		listReportsBetween(options.db, options.municipalityId, options.from, options.to),
		listAreaRows(options.db, options.municipalityId)
	]);
	const areaNames = new Map(areas.map((a) => [a.id, a.name]));
	await recordAudit(
		options.db,
		{ actor: options.actor, ip: options.ip },
		{
			action: 'est.reports.exported',
			entityType: 'est_report',
			municipalityId: options.municipalityId,
			changes: {
				format: { before: null, after: options.format },
				period: { before: null, after: `${options.from}–${options.to}` },
				reports: { before: null, after: reports.length }
			}
		}
	);
	if (options.format === 'geojson') {
		return JSON.stringify({
			type: 'FeatureCollection',
			features: reports
				.filter((r) => r.latitude !== null && r.longitude !== null)
				.map((r) => ({
					type: 'Feature',
					geometry: { type: 'Point', coordinates: [r.longitude, r.latitude] },
					properties: {
						id: r.id,
						kategori: r.category,
						plats: r.place,
						omrade: r.areaId ? (areaNames.get(r.areaId) ?? null) : null,
						datum: r.occurredOn,
						tid_pa_dygnet: r.timeOfDay,
						paverkan: r.effect,
						status: r.status
					}
				}))
		});
	}
	return writeCsv(
		[
			['id', 'datum', 'tid_pa_dygnet', 'kategori', 'plats', 'omrade', 'latitud', 'longitud', 'paverkan', 'beskrivning', 'status', 'kanal'],
			...reports.map((r) => [
				r.id,
				r.occurredOn,
				r.timeOfDay,
				r.category,
				r.place,
				r.areaId ? (areaNames.get(r.areaId) ?? '') : '',
				r.latitude,
				r.longitude,
				r.effect,
				r.description,
				r.status,
				r.channel
			])
		],
		{ delimiter: ';', bom: true }
	);
}

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { systemActor, type Actor } from '../../../platform/authz';
import { readConfig } from '../../../platform/config';
import { AppError, ForbiddenError, ValidationError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { listOutbox } from '../../mail/mail.repository';
import { findMunicipalityBySlug } from '../../organisations/public';
import { FALUN_PLAN_FIXTURE } from '../../plans/public';
import { parsePlanText } from '../../plans/public';
import { focusAreas as focusAreasTable } from '../../plans/plans.table';
import { getPlan, importPlan } from '../../plans/public';
import { findMemberships, findUserByEmail } from '../../users/public';
import { seedSituationDemo } from '../demo';
import { seedSituationReportDemo } from './situation-report.demo';
import { renewalDueOn, renewalState, suppressFigures, type SituationFigures } from './situation-report.models';
import { sendRenewalReminders } from './situation-report.reminders';
import {
	adoptReport,
	createReport,
	getPublicReport,
	getReport,
	listReports,
	measureEvidence,
	planReport,
	renewalBanner,
	saveReportFocusArea,
	setReportPublished,
	updateReport
} from './situation-report.usecases';
import { isoWeekday, type CrimeRow } from '../situation.models';
import { loadAssigner } from '../areas/areas.usecases';
import { saveCrimeRows } from '../crimes/crimes.usecases';

describe('renewal dates', () => {
	it('adds the cycle to the adoption date, clamping to the month’s last day', () => {
		expect(renewalDueOn('2024-05-30', 24)).toBe('2026-05-30');
		expect(renewalDueOn('2024-08-31', 6)).toBe('2025-02-28');
	});
	it('is due within the notice period and overdue after the date', () => {
		const config = { situationRenewalMonths: 24, situationRenewalNoticeDays: 60 };
		expect(renewalState('2024-05-30', '2026-03-01', config).due).toBe(false);
		expect(renewalState('2024-05-30', '2026-04-15', config)).toMatchObject({ due: true, overdue: false, dueOn: '2026-05-30' });
		expect(renewalState('2024-05-30', '2026-06-01', config).overdue).toBe(true);
	});
});

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

/** Bicycle thefts at Stora torget in the given year: new imports after an adoption. */
function extraThefts(n: number, year: number, tag: string): CrimeRow[] {
	return Array.from({ length: n }, (_, i) => {
		const day = `${year}-06-${String((i % 28) + 1).padStart(2, '0')}`;
		return {
			hashKey: `${tag}-${i}`,
			category: 'cykelstold',
			crimeCode: null,
			occurredOn: `${day}T12:00`,
			year,
			month: 6,
			weekday: isoWeekday(day),
			hour: 12,
			easting: 534800,
			northing: 6719150,
			latitude: null,
			longitude: null,
			areaCode: null
		};
	});
}

describe(`the lägesbild document (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let coordinator: Actor;
	let reader: Actor;
	let partner: Actor;
	let otherCoordinator: Actor;
	let falun: NonNullable<Awaited<ReturnType<typeof findMunicipalityBySlug>>>;
	let demoReportId: string;
	let planId: string;
	const config = { ...readConfig({}), situationRenewalMonths: 24, situationRenewalNoticeDays: 60 };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = (await findMunicipalityBySlug(database.db, 'falun'))!;
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun.id,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		demoReportId = await database.db.transaction(async (tx) => {
			await seedSituationDemo(tx, falun.id);
			return seedSituationReportDemo(tx, falun.id);
		});
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
		partner = await actorFor(database, 'kommunpolis@falun.demo');
		otherCoordinator = await actorFor(database, 'samordnare@sunne.demo');
	}, 120_000);
	afterAll(() => database.close());

	const focusAreaCount = async () => (await database.db.select().from(focusAreasTable).where(eq(focusAreasTable.municipalityId, falun.id))).length;

	it('the demo draft reuses the demo plan’s three focus areas and problems, and the plan is based on it', async () => {
		const view = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: demoReportId, config });
		expect(view.report.status).toBe('utkast');
		expect(view.focusAreas.map((a) => a.title)).toEqual([
			'Barn och unga – geografiska områden',
			'Otrygghet i stadskärnan – Stölder, droger och andra otrygghetsskapande aktiviteter',
			'Organiserad brottslighet – kriminell ekonomi, otillbörlig påverkan och brott mot välfärden'
		]);
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		expect(view.focusAreas.map((a) => a.focusAreaId)).toEqual(plan.focusAreas.map((a) => a.id));
		expect(await focusAreaCount()).toBe(3);
		expect((await planReport({ db: database.db, actor: reader, municipalityId: falun.id, planId }))?.id).toBe(demoReportId);
		// Live figures from the demo data: the centre's focus area counts its bicycle thefts per year.
		const centre = view.figures.focusAreas[view.focusAreas[1].id];
		expect(centre.areas.map((a) => a.name)).toEqual(['Stadskärnan', 'Knutpunkten/Holmtorget', 'Resecentrum']);
		expect(centre.years).toContain(2023);
		expect(view.figures.comparison.map((c) => c.indicator)).toContain('N07403');
		expect(view.figures.unsafety.map((t) => t.indicator)).toContain('trygg_kvall');
		expect(view.figures.socioeconomic.map((t) => t.indicator)).toContain('demo_ekonomiskt_bistand');
	});

	it('a new lägesbild starts with the sources the database actually holds', async () => {
		const id = await createReport({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			input: { title: 'Lägesbild 2026', periodFrom: '2024-01-01', periodTo: '2024-12-31' },
			ip: null
		});
		const view = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: id, config });
		expect(view.report.sourcesUsed).toMatch(/Polisanmälda brott: [\d\s]+ händelser 2020–2024/);
		expect(view.report.sourcesUsed).toContain('Trygghetsmätning Falun (demodata) (enkät)');
		expect(view.report.sourcesUsed).toContain('syntetiska demodata');
	});

	it('checks the input and tells in Swedish what is wrong', async () => {
		await expect(
			createReport({
				db: database.db,
				actor: coordinator,
				municipality: falun,
				input: { title: ' ', periodFrom: '2024-12-31', periodTo: '2024-01-01' },
				ip: null
			})
		).rejects.toSatisfy(
			(e: ValidationError) =>
				e instanceof ValidationError &&
				e.fieldErrors.title === 'Ge lägesbilden en rubrik.' &&
				e.fieldErrors.periodTo === 'Periodens slut kan inte ligga före dess början.'
		);
	});

	it('lets only the municipality’s coordinators write, its readers read, and no one else in', async () => {
		const head = { title: 'Försök', periodFrom: '2024-01-01', periodTo: '2024-12-31' };
		const sections = { summary: 'x', sourcesUsed: '', sourcesLeftOut: '', crimeText: '', unsafetyText: '', socioeconomicText: '', analysisText: '' };
		await expect(
			updateReport({ db: database.db, actor: reader, municipalityId: falun.id, reportId: demoReportId, head, sections, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateReport({ db: database.db, actor: partner, municipalityId: falun.id, reportId: demoReportId, head, sections, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createReport({ db: database.db, actor: reader, municipality: falun, input: head, ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(getReport({ db: database.db, actor: otherCoordinator, municipality: falun, reportId: demoReportId, config })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const read = await getReport({ db: database.db, actor: reader, municipality: falun, reportId: demoReportId, config });
		expect(read.canManage).toBe(false);
		expect((await listReports({ db: database.db, actor: reader, municipalityId: falun.id, config })).reports.length).toBeGreaterThan(0);
	});

	let frozenCentre = 0;

	it('adoption freezes the figures, makes the focus areas and problems the plan’s, and leaves the document read-only', async () => {
		const view = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: demoReportId, config });
		const centreArea = view.focusAreas[1];
		// The coordinator adds a problem before adoption: it must become one of the municipality's problems.
		await saveReportFocusArea({
			db: database.db,
			actor: coordinator,
			municipalityId: falun.id,
			reportId: demoReportId,
			focusAreaId: centreArea.id,
			input: {
				title: centreArea.title,
				rationale: centreArea.rationale,
				problems: [...centreArea.problems.map((p) => p.text), 'Paketutlämning oroar butikspersonalen.'],
				areaIds: centreArea.areaIds,
				categories: centreArea.categories
			},
			ip: null
		});
		await expect(
			adoptReport({
				db: database.db,
				actor: coordinator,
				municipality: falun,
				reportId: demoReportId,
				input: { body: '', date: '2024-05-30', paragraph: '' },
				ip: null
			})
		).rejects.toBeInstanceOf(ValidationError);
		await expect(
			adoptReport({
				db: database.db,
				actor: reader,
				municipality: falun,
				reportId: demoReportId,
				input: { body: 'Kommunstyrelsen', date: '2024-05-30', paragraph: '§ 91' },
				ip: null
			})
		).rejects.toBeInstanceOf(ForbiddenError);
		await adoptReport({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			reportId: demoReportId,
			input: { body: 'Kommunstyrelsen', date: '2024-05-30', paragraph: '§ 91' },
			ip: null
		});

		const adopted = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: demoReportId, config });
		expect(adopted.report).toMatchObject({ status: 'antagen', adoptedBody: 'Kommunstyrelsen', adoptedOn: '2024-05-30', adoptedParagraph: '§ 91' });
		expect(adopted.frozen).toBe(true);
		frozenCentre = adopted.figures.perArea.find((a) => a.name === 'Stadskärnan')!.count!;
		expect(frozenCentre).toBeGreaterThan(0);

		// The plan's focus areas are the lägesbild's; no duplicates; the new problem is linkable from a measure.
		expect(await focusAreaCount()).toBe(3);
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const planCentre = plan.focusAreas.find((a) => a.id === adopted.focusAreas[1].focusAreaId)!;
		expect(planCentre.problems.map((p) => p.text)).toContain('Paketutlämning oroar butikspersonalen.');
		expect(adopted.focusAreas[1].problems.every((p) => p.problemId !== null)).toBe(true);

		// Read-only from now on.
		const sections = { summary: 'ändrad', sourcesUsed: '', sourcesLeftOut: '', crimeText: '', unsafetyText: '', socioeconomicText: '', analysisText: '' };
		await expect(
			updateReport({
				db: database.db,
				actor: coordinator,
				municipalityId: falun.id,
				reportId: demoReportId,
				head: { title: 'x', periodFrom: '2024-01-01', periodTo: '2024-12-31' },
				sections,
				ip: null
			})
		).rejects.toSatisfy((e: AppError) => e instanceof AppError && e.status === 409);
		await expect(
			saveReportFocusArea({
				db: database.db,
				actor: coordinator,
				municipalityId: falun.id,
				reportId: demoReportId,
				focusAreaId: null,
				input: { title: 'Nytt', rationale: '', problems: [], areaIds: [], categories: [] },
				ip: null
			})
		).rejects.toSatisfy((e: AppError) => e instanceof AppError && e.status === 409);
		await expect(
			adoptReport({
				db: database.db,
				actor: coordinator,
				municipality: falun,
				reportId: demoReportId,
				input: { body: 'KF', date: '2024-06-01', paragraph: '' },
				ip: null
			})
		).rejects.toSatisfy((e: AppError) => e instanceof AppError && e.status === 409);
	});

	it('an adopted lägesbild keeps its figures after new imports; a new one started from it shows the new ones and copies the text', async () => {
		await database.db.transaction(async (tx) => {
			const assigner = await loadAssigner(tx, falun.id);
			await saveCrimeRows(tx, {
				municipalityId: falun.id,
				sourceId: null,
				fileName: 'efter antagandet',
				rows: extraThefts(40, 2024, 'after'),
				rejected: 0,
				assigner,
				actorId: null,
				demo: false
			});
		});
		const adopted = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: demoReportId, config });
		expect(adopted.figures.perArea.find((a) => a.name === 'Stadskärnan')!.count).toBe(frozenCentre);

		const nextId = await createReport({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			input: { title: 'Lägesbild 2026', periodFrom: '2024-01-01', periodTo: '2024-12-31' },
			basedOnId: demoReportId,
			ip: null
		});
		const next = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: nextId, config });
		expect(next.report.status).toBe('utkast');
		expect(next.report.summary).toBe(adopted.report.summary);
		expect(next.focusAreas.map((a) => a.title)).toEqual(adopted.focusAreas.map((a) => a.title));
		expect(next.focusAreas.map((a) => a.focusAreaId)).toEqual(adopted.focusAreas.map((a) => a.focusAreaId));
		expect(next.figures.perArea.find((a) => a.name === 'Stadskärnan')!.count).toBe(frozenCentre + 40);
	});

	it('a measure shows the evidence behind it: its focus area’s rationale and the frozen figures, with the lägesbild', async () => {
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const area = plan.focusAreas[1];
		const evidence = await measureEvidence({ db: database.db, actor: reader, municipality: falun, planId, focusAreaId: area.id });
		expect(evidence?.report).toMatchObject({ id: demoReportId, status: 'antagen' });
		expect(evidence?.focusArea.rationale).toContain('cykelstölder');
		expect(evidence?.figures?.rows.map((r) => r.areaName)).toEqual(['Stadskärnan', 'Knutpunkten/Holmtorget', 'Resecentrum']);
	});

	it('publishes only an adopted lägesbild, with counts under the threshold hidden', async () => {
		await expect(getPublicReport({ db: database.db, municipalityId: falun.id, reportId: demoReportId, suppressBelow: 5 })).rejects.toMatchObject({
			status: 404
		});
		await setReportPublished({ db: database.db, actor: coordinator, municipalityId: falun.id, reportId: demoReportId, published: true, ip: null });
		const published = await getPublicReport({ db: database.db, municipalityId: falun.id, reportId: demoReportId, suppressBelow: 5 });
		const all = [
			...published.figures.perArea.map((a) => a.count),
			...published.figures.trend.rows.flatMap((r) => r.counts),
			...Object.values(published.figures.focusAreas).flatMap((f) => f.rows.flatMap((r) => r.counts))
		];
		expect(all.every((n) => n === null || n === 0 || n >= 5)).toBe(true);
		// With a higher threshold more is hidden: the threshold is the configured one, not a constant.
		const strict = await getPublicReport({ db: database.db, municipalityId: falun.id, reportId: demoReportId, suppressBelow: 1_000_000 });
		expect(strict.figures.perArea.every((a) => a.count === null || a.count === 0)).toBe(true);
	});

	it('reminds the coordinators once before the renewal is due, and the pages show the banner', async () => {
		expect(await sendRenewalReminders({ db: database.db, config, today: '2026-03-01' })).toBe(0);
		expect(await renewalBanner({ db: database.db, actor: reader, municipalityId: falun.id, config, today: '2026-03-01' })).toBeNull();
		expect(await sendRenewalReminders({ db: database.db, config, today: '2026-04-15' })).toBe(1);
		expect(await sendRenewalReminders({ db: database.db, config, today: '2026-04-16' })).toBe(0);
		expect(await sendRenewalReminders({ db: database.db, config, today: '2026-06-01' })).toBe(0);
		const mails = (await listOutbox(database.db)).filter((m) => m.subject.startsWith('Påminnelse: lägesbilden'));
		expect(mails.map((m) => m.toAddress)).toEqual(['samordnare@falun.demo']);
		expect(mails[0].subject).toContain('2026-05-30');
		expect(await renewalBanner({ db: database.db, actor: reader, municipalityId: falun.id, config, today: '2026-04-15' })).toMatchObject({
			dueOn: '2026-05-30',
			due: true
		});
	});
});

describe('public figures', () => {
	it('hide small counts, their rates and map colours, and survey values from few respondents', () => {
		const figures = {
			period: { from: '2024-01-01', to: '2024-12-31' },
			perArea: [
				{ id: 'a', name: 'A', population: 100, count: 3, rate: 30 },
				{ id: 'b', name: 'B', population: 100, count: 12, rate: 120 }
			],
			map: {
				width: 10,
				height: 10,
				breaks: [],
				min: 30,
				max: 120,
				shapes: [
					{ id: 'a', name: 'A', d: '', value: 30, cls: 0 },
					{ id: 'b', name: 'B', d: '', value: 120, cls: 1 }
				]
			},
			categoryTotals: [{ id: 'ran', name: 'Rån', count: 2 }],
			trend: { years: [2024], totals: [4], rates: [0.1], rows: [{ id: 'ran', name: 'Rån', counts: [2] }] },
			unsafety: [{ indicator: 't', name: 'T', unit: '%', source: 's', periods: ['2024'], rows: [{ place: 'A', values: [50], respondents: [3] }] }],
			socioeconomic: [],
			focusAreas: { f: { areas: [], categories: [], years: [2024], rows: [{ areaId: 'a', areaName: 'A', counts: [1], rates: [10] }], indicators: [] } }
		} as unknown as SituationFigures;
		const shown = suppressFigures(figures, 5);
		expect(shown.perArea.map((a) => [a.count, a.rate])).toEqual([
			[null, null],
			[12, 120]
		]);
		expect(shown.map.shapes.map((s) => s.cls)).toEqual([null, 1]);
		expect(shown.categoryTotals[0].count).toBeNull();
		expect(shown.trend.totals[0]).toBeNull();
		expect(shown.trend.rates[0]).toBeNull();
		expect(shown.unsafety[0].rows[0].values[0]).toBeNull();
		expect(shown.focusAreas.f.rows[0]).toMatchObject({ counts: [null], rates: [null] });
	});
});

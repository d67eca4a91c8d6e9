import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { attack, type KnownSum } from '../../platform/disclosure.attack';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMunicipalityBySlug } from '../organisations/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { publicSituation, type PublicSituation } from './analysis/map.usecases';
import { listAreaRows } from './areas/areas.repository';
import { seedSituationDemo } from './demo';
import { seedSituationReportDemo } from './report/situation-report.demo';
import type { SituationFigures } from './report/situation-report.models';
import { listReportFocusAreas, updateReportRow } from './report/situation-report.repository';
import { computeFigures } from './report/situation-report.figures';
import { getPublicReport } from './report/situation-report.usecases';

/**
 * Subtraction attacks on every public output of the lägesbild: the public page and the published
 * document (its page and the figures it is rendered from). The attacker knows what a reader
 * knows — which figures add up to which, and which figure is shown twice — and works out every
 * hidden count it can (platform/disclosure.attack). Under the disclosure rule it finds none; under
 * the old rule (hide small counts only) it finds some, so the test can fail.
 */

type Shown = Map<string, number | null>;

/** What the public page shows, as figures and the sums a reader knows. */
function pageFigures(page: PublicSituation): { shown: Shown; sums: KnownSum[] } {
	const shown: Shown = new Map();
	const sums: KnownSum[] = [];
	const { years } = page.trend;
	const last = page.year === null ? -1 : years.indexOf(page.year);
	years.forEach((y, i) => {
		shown.set(`total:${y}`, page.trend.totals[i]);
		for (const row of page.trend.rows) shown.set(`trend:${row.id}:${y}`, row.counts[i]);
		for (const row of page.areaTrend) shown.set(`areaTrend:${row.id}:${y}`, row.counts[i]);
		sums.push({ total: `total:${y}`, parts: page.trend.rows.map((r) => `trend:${r.id}:${y}`) });
		sums.push({ total: `total:${y}`, parts: page.areaTrend.map((r) => `areaTrend:${r.id}:${y}`) });
	});
	page.areas.forEach((a) => {
		shown.set(`area:${a.id}`, a.count);
		page.categories.forEach((c, j) => shown.set(`cell:${a.id}:${c.id}`, a.byCategory[j]));
		sums.push({ total: `area:${a.id}`, parts: page.categories.map((c) => `cell:${a.id}:${c.id}`) });
		if (last >= 0) sums.push({ total: `area:${a.id}`, parts: [`areaTrend:${a.id}:${page.year}`] });
	});
	page.categories.forEach((c, j) => {
		shown.set(`category:${c.id}`, page.categoryTotals[j]);
		sums.push({ total: `category:${c.id}`, parts: page.areas.map((a) => `cell:${a.id}:${c.id}`) });
		if (last >= 0) sums.push({ total: `category:${c.id}`, parts: [`trend:${c.id}:${page.year}`] });
	});
	shown.set('total', page.total);
	if (last >= 0) sums.push({ total: 'total', parts: [`total:${page.year}`] });
	return { shown, sums };
}

/** What the published document shows (the period's figures, the trend, the focus areas). */
function documentFigures(figures: SituationFigures, kommunAreaId: string | null): { shown: Shown; sums: KnownSum[] } {
	const shown: Shown = new Map();
	const sums: KnownSum[] = [];
	const { years } = figures.trend;
	const lastYear = Number(figures.period.to.slice(0, 4));
	const yearStart = figures.period.from === `${lastYear}-01-01`;
	const yearEnd = figures.period.to === `${lastYear}-12-31`;
	years.forEach((y, i) => {
		shown.set(`total:${y}`, figures.trend.totals[i]);
		for (const row of figures.trend.rows) shown.set(`trend:${row.id}:${y}`, row.counts[i]);
		sums.push({ total: `total:${y}`, parts: figures.trend.rows.map((r) => `trend:${r.id}:${y}`) });
	});
	// The period's total is not shown, but the areas and the categories both add up to it.
	for (const a of figures.perArea) shown.set(`area:${a.id}`, a.count);
	for (const c of figures.categoryTotals) shown.set(`category:${c.id}`, c.count);
	sums.push({ total: 'period', parts: figures.perArea.map((a) => `area:${a.id}`) });
	sums.push({ total: 'period', parts: figures.categoryTotals.map((c) => `category:${c.id}`) });
	if (yearStart && yearEnd && years.includes(lastYear)) {
		sums.push({ total: 'period', parts: [`total:${lastYear}`] });
		for (const c of figures.categoryTotals)
			if (shown.has(`trend:${c.id}:${lastYear}`)) sums.push({ total: `category:${c.id}`, parts: [`trend:${c.id}:${lastYear}`] });
	}
	for (const [focusId, f] of Object.entries(figures.focusAreas))
		for (const r of f.rows)
			f.years.forEach((y, i) => {
				const key = `focus:${focusId}:${r.areaId}:${y}`;
				shown.set(key, r.counts[i]);
				const fullYear = y < lastYear || yearEnd;
				if (f.categories.length === 0 && y === lastYear && yearStart && shown.has(`area:${r.areaId}`)) sums.push({ total: key, parts: [`area:${r.areaId}`] });
				if (r.areaId === kommunAreaId && fullYear && years.includes(y)) {
					if (f.categories.length === 0) sums.push({ total: key, parts: [`total:${y}`] });
					else sums.push({ total: key, parts: f.categories.map((c) => `trend:${c.id}:${y}`).filter((k) => shown.has(k)) });
				}
			});
	return { shown, sums };
}

/** The old rule: counts from 1 to limit − 1 hidden, nothing else. */
function hideSmallOnly(shown: Shown, limit: number): Shown {
	return new Map([...shown].map(([k, v]) => [k, v !== null && v > 0 && v < limit ? null : v]));
}

function brokenBy(output: { shown: Shown; sums: KnownSum[] }) {
	return [...attack(output.shown, output.sums).keys()].filter((k) => output.shown.has(k));
}

describe(`public outputs withstand subtraction attacks (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let reportId: string;
	let kommunAreaId: string | null;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = (await findMunicipalityBySlug(database.db, 'falun'))!.id;
		const falun = (await findMunicipalityBySlug(database.db, 'falun'))!;
		reportId = await database.db.transaction(async (tx) => {
			await seedSituationDemo(tx, falunId);
			return seedSituationReportDemo(tx, falunId);
		});
		// Adopted (its figures frozen, focus areas included) and published.
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		const coordinator: Actor = {
			kind: 'person',
			userId: user.id,
			email: user.email,
			name: user.name,
			memberships: await findMemberships(database.db, user.id)
		};
		const focusAreas = (await listReportFocusAreas(database.db, reportId)).map((a) => ({ id: a.id, areaIds: a.areaIds, categories: a.categories }));
		const snapshot = await computeFigures({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			period: { from: '2024-01-01', to: '2024-12-31' },
			focusAreas
		});
		expect(Object.keys(snapshot.focusAreas).length).toBeGreaterThan(0);
		await updateReportRow(database.db, reportId, { status: 'antagen', adoptedBody: 'Kommunstyrelsen', adoptedOn: '2024-05-30', snapshot, published: true });
		kommunAreaId = (await listAreaRows(database.db, falunId)).find((a) => a.kind === 'kommun')?.id ?? null;
	}, 240_000);
	afterAll(() => database?.close());

	for (const areaKind of ['deso', 'regso']) {
		it(`the public lägesbild page (${areaKind}) gives no hidden count away, where hiding small counts alone would`, async () => {
			const read = (suppressBelow: number) => publicSituation({ db: database.db, municipalityId: falunId, suppressBelow, areaKind, today: '2025-06-01' });
			const raw = pageFigures(await read(1));
			for (const limit of [5, 15, 40]) {
				const page = await read(limit);
				const output = pageFigures(page);
				const hidden = [...output.shown.values()].filter((v) => v === null).length;
				expect(hidden, `limit ${limit}`).toBeGreaterThan(0);
				expect(brokenBy(output), `limit ${limit}`).toEqual([]);
				// Every shown figure is the true one, and no rate stands beside a hidden count.
				for (const [key, value] of output.shown) if (value !== null) expect(value, key).toBe(raw.shown.get(key));
				for (const a of page.areas) if (a.count === null) expect(a.rate).toBeNull();
				page.trend.totals.forEach((t, i) => t === null && expect(page.trend.rates[i]).toBeNull());
				expect(page.map.shapes.filter((s) => s.value !== null).map((s) => s.id)).toEqual(page.areas.filter((a) => a.rate !== null).map((a) => a.id));
			}
			expect(brokenBy({ shown: hideSmallOnly(raw.shown, 15), sums: raw.sums }).length).toBeGreaterThan(0);
		});
	}

	it('the published lägesbild document gives no hidden count away, where the old rule did', async () => {
		const read = async (suppressBelow: number) => (await getPublicReport({ db: database.db, municipalityId: falunId, reportId, suppressBelow })).figures;
		const raw = documentFigures(await read(1), kommunAreaId);
		for (const limit of [5, 50, 200]) {
			const figures = await read(limit);
			const output = documentFigures(figures, kommunAreaId);
			// The demo's yearly figures are large: only the stricter limits hide something.
			if (limit > 5) expect([...output.shown.values()].filter((v) => v === null).length, `limit ${limit}`).toBeGreaterThan(0);
			expect(brokenBy(output), `limit ${limit}`).toEqual([]);
			for (const [key, value] of output.shown) if (value !== null) expect(value, key).toBe(raw.shown.get(key));
			for (const a of figures.perArea) if (a.count === null) expect(a.rate).toBeNull();
			for (const f of Object.values(figures.focusAreas)) for (const r of f.rows) r.counts.forEach((c, i) => c === null && expect(r.rates[i]).toBeNull());
		}
		expect(brokenBy({ shown: hideSmallOnly(raw.shown, 50), sums: raw.sums }).length).toBeGreaterThan(0);
	});
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { readConfig } from '../../../platform/config';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findMunicipalityBySlug } from '../../organisations/public';
import { findMemberships, findUserByEmail } from '../../users/public';
import { listAreaRows } from '../areas/areas.repository';
import { seedSituationDemo } from '../demo';
import { ALL_ROW, TOTAL_COLUMN, LOCAL_SOURCES, localSourceTable, monthsOf, suppressLocalSourceTable } from './local-sources.models';
import { suppressFigures } from './situation-report.models';
import { createReport, getReport } from './situation-report.usecases';

describe('local sources of the otrygghet section (pure)', () => {
	const period = { from: '2026-01-01', to: '2026-03-31' };
	const item = (area: string, category: string, month: string, n: number) => Array.from({ length: n }, () => ({ area, category, month }));

	it('count per area, category and month, with the months’ totals, the rows’ totals and all', () => {
		expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		const table = localSourceTable(
			LOCAL_SOURCES.walks,
			[
				...item('Bojsenburg', 'Belysning', '2026-01', 6),
				...item('Bojsenburg', 'Belysning', '2026-03', 2),
				...item('Stadskärnan', 'Vegetation', '2026-02', 7),
				...item('X', 'Y', '2025-12', 4)
			],
			period,
			'Brister från trygghetsvandringar'
		)!;
		expect(table.indicator).toBe('kalla:walks');
		expect(table.source).toBe(LOCAL_SOURCES.walks.name);
		expect(table.periods).toEqual(['2026-01', '2026-02', '2026-03', TOTAL_COLUMN]);
		expect(table.rows.map((r) => [r.place, r.values])).toEqual([
			['Bojsenburg – Belysning', [6, 0, 2, 8]],
			['Stadskärnan – Vegetation', [0, 7, 0, 7]],
			[ALL_ROW, [6, 7, 2, 15]]
		]);
		expect(localSourceTable(LOCAL_SOURCES.est, [], period, 'EST-rapporter')).toBeNull();
	});

	it('the public version hides every count under the limit and whatever would give it away through a total', () => {
		const table = localSourceTable(
			LOCAL_SOURCES.est,
			[
				...item('A', 'Klotter', '2026-01', 6),
				...item('A', 'Klotter', '2026-03', 2),
				...item('B', 'Klotter', '2026-02', 7),
				...item('B', 'Klotter', '2026-03', 9)
			],
			period,
			'EST-rapporter'
		)!;
		const shown = suppressLocalSourceTable(table, 5);
		const values = shown.rows.map((r) => r.values);
		// The 2 is hidden, and so is whatever in its row and column would give it away.
		expect(values[0][2]).toBeNull();
		const solvable = (v: (number | null)[][]) => {
			// A hidden cell is given away when its row or its column has only it hidden, with the total shown.
			for (let r = 0; r < v.length; r++)
				for (let c = 0; c < v[r].length; c++) {
					if (v[r][c] !== null) continue;
					const rowHidden = v[r].filter((x) => x === null).length;
					const colHidden = v.map((row) => row[c]).filter((x) => x === null).length;
					if (rowHidden === 1 || colHidden === 1) return true;
				}
			return false;
		};
		expect(solvable(values)).toBe(false);
		// With nothing small at stake, every count stays.
		expect(suppressLocalSourceTable(localSourceTable(LOCAL_SOURCES.est, item('A', 'K', '2026-01', 9), period, 'EST-rapporter')!, 5).rows[0].values).toEqual([
			9, 0, 0, 9
		]);
	});
});

describe(`walk findings and EST reports in the lägesbild (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let coordinator: Actor;
	let falun: NonNullable<Awaited<ReturnType<typeof findMunicipalityBySlug>>>;
	const config = { ...readConfig({}), situationRenewalMonths: 24, situationRenewalNoticeDays: 60 };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = (await findMunicipalityBySlug(database.db, 'falun'))!;
		await database.db.transaction((tx) => seedSituationDemo(tx, falun.id));
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	}, 120_000);
	afterAll(() => database.close());

	it('count per area, category and month, name the sources and their limits, and hide small counts in public', async () => {
		const [area] = await listAreaRows(database.db, falun.id);
		// A walk in a lägesbild area (late on 31 March, Swedish time: still March), one by name only, and one outside the period.
		const walk = async (areaId: string | null, areaName: string, walkAt: string) =>
			(
				await queryRows<{ id: string }>(
					database.db,
					sql`insert into walks (municipality_id, title, area_id, area_name, organiser, walk_at, checklist) values (${falun.id}, 'V', ${areaId}, ${areaName}, 'O', ${walkAt}, '[]'::jsonb) returning id`
				)
			)[0].id;
		const finding = (walkId: string, n: number, category: string, extra: { state?: string; previous?: string } = {}) =>
			database.db.execute(
				sql`insert into walk_findings (walk_id, municipality_id, client_id, number, category, description, state, previous_finding_id) values (${walkId}, ${falun.id}, ${'c' + walkId.slice(0, 8) + n}, ${n}, ${category}, 'd', ${extra.state ?? 'ny'}, ${extra.previous ?? null})`
			);
		const inArea = await walk(area.id, '', '2026-03-31T20:30:00Z');
		for (let n = 1; n <= 6; n++) await finding(inArea, n, 'Belysning');
		await finding(inArea, 7, 'Vegetation');
		await finding(inArea, 8, 'Belysning', { state: 'avvisad' });
		const byName = await walk(null, 'Ö-gatan', '2026-02-10T17:00:00Z');
		for (let n = 1; n <= 5; n++) await finding(byName, n, 'Gömställen');
		const outside = await walk(null, 'Bojsenburg', '2026-04-01T08:00:00Z');
		await finding(outside, 1, 'Belysning');
		for (let n = 0; n < 8; n++)
			await database.db.execute(
				sql`insert into est_reports (municipality_id, category, place, area_id, occurred_on, effect) values (${falun.id}, 'Skadegörelse', 'P', ${area.id}, '2026-01-15', 2)`
			);
		await database.db.execute(
			sql`insert into est_reports (municipality_id, category, place, occurred_on, effect) values (${falun.id}, 'Narkotika', 'P', '2026-02-03', 2)`
		);

		const id = await createReport({
			db: database.db,
			actor: coordinator,
			municipality: falun,
			input: { title: 'Lägesbild Q1 2026', periodFrom: '2026-01-01', periodTo: '2026-03-31' },
			ip: null
		});
		const view = await getReport({ db: database.db, actor: coordinator, municipality: falun, reportId: id, config });
		const walks = view.figures.unsafety.find((t) => t.indicator === 'kalla:walks')!;
		expect(walks.periods).toEqual(['2026-01', '2026-02', '2026-03', 'Totalt']);
		expect(walks.rows.map((r) => [r.place, r.values])).toEqual([
			[`${area.name} – Belysning`, [0, 0, 6, 6]],
			[`${area.name} – Vegetation`, [0, 0, 1, 1]],
			['Ö-gatan – Gömställen', [0, 5, 0, 5]],
			[ALL_ROW, [0, 5, 7, 12]]
		]);
		const est = view.figures.unsafety.find((t) => t.indicator === 'kalla:est')!;
		expect(est.rows.map((r) => [r.place, r.values])).toEqual([
			[`${area.name} – Skadegörelse`, [8, 0, 0, 8]],
			['Utan område – Narkotika', [0, 1, 0, 1]],
			[ALL_ROW, [8, 1, 0, 9]]
		]);
		expect(view.report.sourcesUsed).toContain(`${LOCAL_SOURCES.walks.name}: räknade per område, kategori och månad`);
		expect(view.report.sourcesUsed).toContain(`Begränsningar: ${LOCAL_SOURCES.est.limits}`);

		const shown = suppressFigures(view.figures, 5);
		const publicWalks = shown.unsafety.find((t) => t.indicator === 'kalla:walks')!;
		expect(publicWalks.rows[1].values[2]).toBeNull();
		expect(publicWalks.rows[1].values[3]).toBeNull();
		const publicEst = shown.unsafety.find((t) => t.indicator === 'kalla:est')!;
		expect(publicEst.rows[1].values[1]).toBeNull();
		expect(publicEst.rows.flatMap((r) => r.values).filter((v) => v !== null && v > 0 && v < 5)).toEqual([]);
		// The survey tables keep their own rule.
		expect(shown.unsafety.filter((t) => !t.indicator.startsWith('kalla:')).length).toBe(view.figures.unsafety.length - 2);
	});
});

import { openDatabase, type Database } from '../src/lib/server/db/client';
import { seedFoundation } from '../src/lib/server/demo/foundation';
import { EST_DEFAULT_CATEGORIES, currentCycle } from '../src/lib/server/modules/est/est.models';
import { insertReports, upsertCycleSettings, type ReportInsert } from '../src/lib/server/modules/est/est.repository';
import { cyclePictureWithMap } from '../src/lib/server/modules/est/est.cycle';
import { listAreaRows, seedSituationDemo } from '../src/lib/server/modules/situation/public';
import { findMemberships, findUserByEmail } from '../src/lib/server/modules/users/public';
import type { Actor } from '../src/lib/server/platform/authz';
import { seededRandom } from '../src/lib/server/platform/seeded-random';
import { createFreshDatabaseUrl, MIGRATIONS } from '../src/lib/server/testing/test-db';
import type { Benchmark } from './registry';

/**
 * EST's cycle page with 20,000 reports (BENCH_EST_REPORTS): the server work of its load, the compiled
 * picture of the current 14-day cycle (its reports, per category and area against the previous cycle
 * and the same dates last year, repeat places over six cycles) with its map and Gi* hot spots, p50/p95 over repeated requests on
 * PGlite and PostgreSQL. The goal of issue 13 is p95 < 200 ms. Nothing is cached between requests:
 * every view reads the reports of the six-cycle window and last year's period afresh.
 */
const REPORTS = Number(process.env.BENCH_EST_REPORTS ?? 20_000);
const RUNS = Number(process.env.BENCH_EST_RUNS ?? 40);
const GOAL_MS = 200;

const iso = (date: Date) => date.toISOString().slice(0, 10);
const ms = (t: number) => `${t.toFixed(0)} ms`;
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** 20,000 reports over the last two years, a tenth of them on 40 repeat places, every one with a point and an area as the form stores it. */
export async function setUp(database: Database, today: string) {
	await database.migrate(MIGRATIONS);
	const refs = await seedFoundation(database.db);
	const falun = refs.municipalities.falun;
	await database.db.transaction((tx) => seedSituationDemo(tx, falun.id));
	const areas = (await listAreaRows(database.db, falun.id)).filter((a) => a.kind !== 'kommun');
	const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
	const actor: Actor = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	const first = new Date(Date.parse(`${today}T00:00:00Z`) - 730 * 86_400_000);
	const firstCycleStart = iso(new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86_400_000));
	await upsertCycleSettings(database.db, { municipalityId: falun.id, cadence: '14dagar', firstCycleStart, updatedBy: user.id });
	const random = seededRandom(13);
	const repeatPlaces = Array.from({ length: 40 }, (_, i) => `Upprepad plats ${i + 1}`);
	const reports: ReportInsert[] = [];
	for (let i = 0; i < REPORTS; i++) {
		const occurredOn = iso(new Date(first.getTime() + Math.floor(random() * 730) * 86_400_000));
		reports.push({
			municipalityId: falun.id,
			category: EST_DEFAULT_CATEGORIES[Math.floor(random() * EST_DEFAULT_CATEGORIES.length)],
			place: random() < 0.1 ? repeatPlaces[Math.floor(random() * repeatPlaces.length)] : `Gatan ${Math.floor(random() * 5000)}`,
			areaId: areas.length ? areas[Math.floor(random() * areas.length)].id : null,
			latitude: 60.6 + random() * 0.05,
			longitude: 15.6 + random() * 0.08,
			occurredOn,
			timeOfDay: (['natt', 'morgon', 'dag', 'kvall'] as const)[Math.floor(random() * 4)],
			effect: 1 + Math.floor(random() * 4),
			description: 'Bänkdata: en rad fritext som en rapportör skriver om platsen.',
			reportedAt: new Date(`${occurredOn}T20:00:00Z`)
		});
	}
	const started = performance.now();
	await insertReports(database.db, reports);
	return { municipalityId: falun.id, actor, insertMs: performance.now() - started, cycle: currentCycle('14dagar', firstCycleStart, today) };
}

async function figuresOn(database: Database, label: string, today: string) {
	const { municipalityId, actor, insertMs, cycle } = await setUp(database, today);
	const view = async () => {
		const started = performance.now();
		const picture = await cyclePictureWithMap({ db: database.db, actor, municipalityId, today, noAreaLabel: 'Utan område' });
		return { ms: performance.now() - started, reports: picture?.reports.length ?? 0 };
	};
	const cold = await view();
	const runs: number[] = [];
	let reports = 0;
	for (let i = 0; i < RUNS; i++) {
		const run = await view();
		runs.push(run.ms);
		reports = run.reports;
	}
	return { label, insertMs, coldMs: cold.ms, p50: percentile(runs, 50), p95: percentile(runs, 95), reports, cycle: cycle.number };
}

export const estBenchmark: Benchmark = {
	name: 'est',
	async run(context) {
		const today = iso(new Date());
		const lines: string[] = [`${REPORTS.toLocaleString('en')} reports over two years, 14-day cycles; ${RUNS} requests after one cold request`];
		const results: Awaited<ReturnType<typeof figuresOn>>[] = [];
		const pglite = await openDatabase({ dataDir: 'memory://' });
		try {
			results.push(await figuresOn(pglite, 'PGlite', today));
		} finally {
			await pglite.close();
		}
		const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
		let fresh: Awaited<ReturnType<typeof createFreshDatabaseUrl>> | null = null;
		try {
			fresh = await createFreshDatabaseUrl(adminUrl);
		} catch (error) {
			lines.push(`PostgreSQL skipped: ${(error as Error).message} (set BENCH_DATABASE_URL)`);
		}
		if (fresh) {
			const onPg = await openDatabase({ databaseUrl: fresh.url });
			try {
				results.push(await figuresOn(onPg, 'PostgreSQL', today));
			} finally {
				await onPg.close();
				await fresh.drop();
			}
		}
		for (const r of results) {
			lines.push(`${r.label}: storing the reports ${ms(r.insertMs)}`);
			lines.push(
				`${r.label}: cycle page (cycle ${r.cycle}, ${r.reports} reports in it): p50 ${ms(r.p50)}, p95 ${ms(r.p95)} (goal < ${GOAL_MS} ms: ${r.p95 < GOAL_MS ? 'met' : 'NOT met'}); first request ${ms(r.coldMs)}`
			);
		}
		lines.push('cached: nothing between requests — each view queries the six-cycle window and last year’s period and compiles the picture anew');
		context.figures.est = { reports: REPORTS, runs: RUNS, goalMs: GOAL_MS, results };
		return lines;
	}
};

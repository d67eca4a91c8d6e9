import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/lib/server/db/client';
import { seedFoundation } from '../src/lib/server/demo/foundation';
import { CRIME_CATEGORIES, isoWeekday, type CrimeRow } from '../src/lib/server/modules/situation/situation.models';
import { situationAnalysis } from '../src/lib/server/modules/situation/analysis/analysis.usecases';
import { countFromEvents, rebuildCrimeCounts } from '../src/lib/server/modules/situation/crimes/crime-counts.repository';
import { countEvents, EVENT_BATCH, prepareEventBatch, type ImportProfile } from '../src/lib/server/modules/situation/crimes/crimes.repository';
import { loadAssigner, saveAreas, type AreaInput } from '../src/lib/server/modules/situation/areas/areas.usecases';
import { saveCrimeRows } from '../src/lib/server/modules/situation/crimes/crimes.usecases';
import { situationOverview } from '../src/lib/server/modules/situation/analysis/statistics.usecases';
import { bboxOf, mapGeometry, swerefToWgs84, type Geometry, type Position } from '../src/lib/server/platform/geo/spatial';
import { createFreshDatabaseUrl, MIGRATIONS } from '../src/lib/server/testing/test-db';
import type { Benchmark, BenchContext } from './registry';
import { seededRandom } from '../src/lib/server/platform/seeded-random';

/**
 * The lägesbild at national scale: 1,000,000 crime events (BENCH_SITUATION_EVENTS) assigned to
 * ~6,000 DeSO-sized polygons, imported on PGlite and PostgreSQL, against a plain COPY of the
 * same rows; the area × category × month query; and the lägesbild page's server work.
 */

// 100,000 by default keeps `npm run bench` to a few minutes; BENCH_SITUATION_EVENTS=1000000 gives the issue's figures.
const EVENTS = Number(process.env.BENCH_SITUATION_EVENTS ?? 100_000);
const COLS = 75;
const ROWS = 80; // 6,000 cells
const CELL = 2_000; // metres
const ORIGIN: Position = [450_000, 6_650_000];
const VERTICES_PER_SIDE = 6; // 24 vertices per polygon, like a simplified DeSO boundary

function cellRing(x0: number, y0: number, w: number, h: number): Position[] {
	const ring: Position[] = [];
	const side = (ax: number, ay: number, bx: number, by: number) => {
		for (let i = 0; i < VERTICES_PER_SIDE; i++) ring.push([ax + ((bx - ax) * i) / VERTICES_PER_SIDE, ay + ((by - ay) * i) / VERTICES_PER_SIDE]);
	};
	side(x0, y0, x0 + w, y0);
	side(x0 + w, y0, x0 + w, y0 + h);
	side(x0 + w, y0 + h, x0, y0 + h);
	side(x0, y0 + h, x0, y0);
	ring.push(ring[0]);
	return ring;
}

function area(kind: 'kommun' | 'deso', code: string, name: string, ring: Position[], population: number): AreaInput {
	const planar: Geometry = { type: 'Polygon', coordinates: [ring] };
	const wgs = mapGeometry(planar, ([e, n]) => swerefToWgs84(e, n));
	return { kind, code, name, sourceEpsg: 3006, sourceGeometry: planar, geometry: wgs, bbox: bboxOf(wgs), population: [{ year: 2024, population }] };
}

function benchAreas(): AreaInput[] {
	const areas: AreaInput[] = [area('kommun', '2080', 'Bänkkommunen', cellRing(ORIGIN[0], ORIGIN[1], COLS * CELL, ROWS * CELL), 6_000_000)];
	for (let r = 0; r < ROWS; r++)
		for (let c = 0; c < COLS; c++) {
			const code = `2080C${String(r * COLS + c).padStart(4, '0')}`;
			areas.push(area('deso', code, code, cellRing(ORIGIN[0] + c * CELL, ORIGIN[1] + r * CELL, CELL, CELL), 1000));
		}
	return areas;
}

function benchRows(count: number): CrimeRow[] {
	const random = seededRandom(1);
	const rows = new Array<CrimeRow>(count);
	for (let i = 0; i < count; i++) {
		const year = 2020 + Math.floor(random() * 5);
		const month = 1 + Math.floor(random() * 12);
		const day = 1 + Math.floor(random() * 28);
		const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
		const hour = random() < 0.2 ? null : Math.floor(random() * 24);
		const easting = Math.round(ORIGIN[0] + random() * COLS * CELL);
		const northing = Math.round(ORIGIN[1] + random() * ROWS * CELL);
		rows[i] = {
			hashKey: `b${i}`,
			category: CRIME_CATEGORIES[Math.floor(random() * CRIME_CATEGORIES.length)].id,
			crimeCode: null,
			occurredOn: hour === null ? date : `${date}T${String(hour).padStart(2, '0')}:00`,
			year,
			month,
			weekday: isoWeekday(date),
			hour,
			easting,
			northing,
			latitude: null,
			longitude: null,
			areaCode: null
		};
	}
	return rows;
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** After one warm-up, up to `max` runs, fewer when they are slow (at least 3, about 30 s). */
async function repeat(run: () => Promise<number>, max: number): Promise<number[]> {
	await run();
	const runs: number[] = [];
	const started = performance.now();
	while (runs.length < max && (runs.length < 3 || performance.now() - started < 30_000)) runs.push(await run());
	return runs;
}

async function setUp(database: Database) {
	await database.migrate(MIGRATIONS);
	const refs = await seedFoundation(database.db);
	const municipalityId = refs.municipalities.falun.id;
	await database.db.transaction((tx) => saveAreas(tx, municipalityId, benchAreas(), 'bench'));
	return municipalityId;
}

const BENCH_ACTOR = {
	kind: 'person' as const,
	userId: '00000000-0000-4000-8000-000000000000',
	email: 'bench',
	name: 'bench',
	memberships: [{ role: 'admin' as const, organisationId: null, municipalityId: null }]
};

async function engineFigures(database: Database, rows: CrimeRow[], label: string) {
	const municipalityId = await setUp(database);
	const profile: ImportProfile = { prepareMs: 0, waitMs: 0, countsMs: 0 };
	const [, importMs] = await timed(() =>
		database.db.transaction(async (tx) => {
			const assigner = await loadAssigner(tx, municipalityId);
			return saveCrimeRows(tx, { municipalityId, sourceId: null, fileName: 'bench', rows, rejected: 0, assigner, actorId: null, demo: false, profile });
		})
	);
	for (const table of ['crime_events', 'crime_area_month_counts', 'crime_year_counts', 'crime_time_counts'])
		await database.db.execute(sql`analyze ${sql.identifier(table)}`);
	const [[countRows]] = await Promise.all([
		queryRows<{ n: unknown }>(
			database.db,
			sql`select (select count(*) from crime_area_month_counts) + (select count(*) from crime_year_counts) + (select count(*) from crime_time_counts) as n`
		)
	]);

	// The area × category × month query for one month, one year and all five years, from the counts;
	// and the full one once straight from the events, for comparison.
	const queries: { period: string; from: string | null; to: string | null; p50: number; rows: number }[] = [];
	for (const [period, from, to] of [
		['June 2024', '2024-06-01', '2024-06-30'],
		['2024', '2024-01-01', '2024-12-31'],
		['2020–2024 (all)', null, null],
		['15 Mar–14 Apr 2024 (partial months from the events)', '2024-03-15', '2024-04-14']
	] as const) {
		let resultRows = 0;
		const run = async () => {
			const [result, t] = await timed(() => countEvents(database.db, ['area', 'category', 'month'], { municipalityId, from, to }));
			resultRows = result.length;
			return t;
		};
		const runs = await repeat(run, 7);
		queries.push({ period, from, to, p50: percentile(runs, 50), rows: resultRows });
	}
	const [rawRows, rawMs] = await timed(() => countFromEvents(database.db, ['area', 'category', 'month'], { municipalityId, from: null, to: null }));

	// The analysis page's server work (its load function): one year, DeSO, all categories.
	const pageRun = async () =>
		(
			await timed(() =>
				situationAnalysis({ db: database.db, actor: BENCH_ACTOR, municipalityId, from: '2024-01-01', to: '2024-12-31', areaKind: 'deso', category: null })
			)
		)[1];
	// The first run projects the 6,000 areas to SVG paths and caches them: reported on its own.
	const coldPageMs = await pageRun();
	const pageRuns = await repeat(pageRun, 15);
	const categoryPageRuns = await repeat(
		async () =>
			(
				await timed(() =>
					situationAnalysis({
						db: database.db,
						actor: BENCH_ACTOR,
						municipalityId,
						from: '2024-03-15',
						to: '2024-09-14',
						areaKind: 'deso',
						category: 'cykelstold'
					})
				)
			)[1],
		10
	);
	// The overview the lägesbild document uses (every area and its geometry, no cache).
	const overviewMs = (
		await timed(() =>
			situationOverview({ db: database.db, actor: BENCH_ACTOR, municipalityId, from: '2024-01-01', to: '2024-12-31', areaKind: 'deso', category: null })
		)
	)[1];
	// Last, as it leaves dead rows behind (PGlite has no autovacuum): recomputing every count from
	// the events, what an import would cost with counts rebuilt instead of added.
	const [, rebuildMs] = await timed(() => database.db.transaction((tx) => rebuildCrimeCounts(tx, municipalityId)));
	return {
		label,
		importMs,
		profile,
		rebuildMs,
		countRows: Number(countRows.n),
		queries,
		raw: { ms: rawMs, rows: rawRows.length },
		coldPageMs,
		pageP50: percentile(pageRuns, 50),
		pageP95: percentile(pageRuns, 95),
		categoryPageP95: percentile(categoryPageRuns, 95),
		overviewMs,
		municipalityId
	};
}

/** A plain COPY of the same rows (with their area ids) into a table shaped like crime_events, through psql. */
async function copyBaseline(context: BenchContext, url: string, rows: CrimeRow[], areaIds: string[][], municipalityId: string): Promise<number | null> {
	const file = context.path.join(context.os.tmpdir(), `forebygg-bench-copy-${process.pid}.csv`);
	const out = context.fs.createWriteStream(file);
	const q = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		const line =
			[
				municipalityId,
				municipalityId,
				'f',
				r.hashKey,
				r.category,
				r.crimeCode,
				r.occurredOn,
				r.year,
				r.month,
				r.weekday,
				r.hour,
				r.easting,
				r.northing,
				r.latitude,
				r.longitude,
				`{${areaIds[i].join(',')}}`
			]
				.map(q)
				.join(',') + '\n';
		if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise<void>((resolve) => out.end(() => resolve()));
	const script = `create table copy_target (like crime_events including all);
\\timing on
\\copy copy_target (municipality_id, import_id, demo, hash_key, category, crime_code, occurred_on, year, month, weekday, hour, easting, northing, latitude, longitude, area_ids) from '${file}' with (format csv)
`;
	const output = await new Promise<string | null>((resolve) => {
		const child = context.spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
		let text = '';
		child.stdout.on('data', (d) => (text += d));
		child.stderr.on('data', (d) => (text += d));
		child.on('error', () => resolve(null));
		child.on('close', (code) => resolve(code === 0 ? text : null));
		child.stdin.end(script);
	});
	context.fs.rmSync(file, { force: true });
	const match = output?.match(/Time: ([\d.]+) ms/g);
	return match ? Number(match[match.length - 1].replace(/[^\d.]/g, '')) : null;
}

export const situationBenchmark: Benchmark = {
	name: 'situation',
	async run(context) {
		const lines: string[] = [];
		const areas = benchAreas();
		const rows = benchRows(EVENTS);
		lines.push(
			`${EVENTS.toLocaleString('en')} synthetic events, ${areas.length.toLocaleString('en')} polygons (${areas.length - 1} DeSO-sized cells of ${VERTICES_PER_SIDE * 4} vertices + the municipality); BENCH_SITUATION_EVENTS sets the size`
		);

		lines.push(
			`load average at start: ${context.os
				.loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')} (${context.os.cpus().length} cores)`
		);
		// Assignment alone, in memory: reprojection is not needed (SWEREF in, SWEREF polygons).
		const pglite = await openDatabase({ dataDir: 'memory://' });
		const municipalityId = await setUp(pglite);
		const assigner = await loadAssigner(pglite.db, municipalityId);
		const [areaText, assignMs] = await timed(() => rows.map((r) => assigner.areaTextOf(r)));
		const areaIds = areaText.map((t) => (t ? t.split(',') : []));
		lines.push(`assignment of every event to every containing polygon (grid index + banded point-in-polygon): ${ms(assignMs)}`);
		const [, serialiseMs] = await timed(() => {
			for (let start = 0; start < rows.length; start += EVENT_BATCH)
				prepareEventBatch(rows, start, Math.min(rows.length, start + EVENT_BATCH), assigner.areaTextOf);
		});
		lines.push(`serialising every batch for the unnest insert (with the cached areas): ${ms(serialiseMs)}`);
		await pglite.close();

		const results: Awaited<ReturnType<typeof engineFigures>>[] = [];
		// BENCH_SITUATION_ENGINES=postgresql skips PGlite while tuning the PostgreSQL import.
		if (!process.env.BENCH_SITUATION_ENGINES || process.env.BENCH_SITUATION_ENGINES.includes('pglite')) {
			const onPglite = await openDatabase({ dataDir: 'memory://' });
			try {
				results.push(await engineFigures(onPglite, rows, 'PGlite'));
			} finally {
				await onPglite.close();
			}
		}

		const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
		let fresh: Awaited<ReturnType<typeof createFreshDatabaseUrl>> | null = null;
		try {
			fresh = await createFreshDatabaseUrl(adminUrl);
		} catch (error) {
			lines.push(`PostgreSQL skipped: ${(error as Error).message} (set BENCH_DATABASE_URL)`);
		}
		let copyMs: number | null = null;
		if (fresh) {
			const onPg = await openDatabase({ databaseUrl: fresh.url });
			try {
				const figures = await engineFigures(onPg, rows, 'PostgreSQL');
				results.push(figures);
				copyMs = await copyBaseline(context, fresh.url, rows, areaIds, figures.municipalityId);
			} finally {
				await onPg.close();
				await fresh.drop();
			}
		}
		for (const r of results) {
			lines.push(
				`${r.label}: import with assignment and count upkeep ${ms(r.importMs)}${copyMs ? ` = ${(r.importMs / copyMs).toFixed(2)} × a plain COPY on PostgreSQL (${ms(copyMs)})` : ''}`
			);
			lines.push(
				`${r.label}:   of which assigning + serialising ${ms(r.profile.prepareMs)} (overlapping the database on PostgreSQL), waiting for the database ${ms(r.profile.waitMs)}, adding to the counts ${ms(r.profile.countsMs)}`
			);
			lines.push(`${r.label}:   count rows written: ${r.countRows.toLocaleString('en')}; recomputing every count from the events instead: ${ms(r.rebuildMs)}`);
			for (const q of r.queries) lines.push(`${r.label}: area × category × month, ${q.period}: p50 ${ms(q.p50)}, ${q.rows.toLocaleString('en')} result rows`);
			lines.push(`${r.label}: area × category × month, all years straight from the events (before): ${ms(r.raw.ms)}, ${r.raw.rows.toLocaleString('en')} rows`);
			lines.push(
				`${r.label}: lägesbild analysis page (2024, DeSO): p50 ${ms(r.pageP50)}, p95 ${ms(r.pageP95)}; first request (projects and caches the map) ${ms(r.coldPageMs)}`
			);
			lines.push(`${r.label}: lägesbild analysis page (15 Mar–14 Sep 2024, one category): p95 ${ms(r.categoryPageP95)}`);
			lines.push(`${r.label}: situationOverview (the document's figures, every area and geometry): ${ms(r.overviewMs)}`);
		}
		if (copyMs === null && fresh) lines.push('COPY baseline skipped: psql was not found or failed');
		return lines;
	}
};

import fs from 'node:fs';
import { openDatabase } from '../src/lib/server/db/client';
import { seedFoundation } from '../src/lib/server/demo/foundation';
import { FALUN_PLAN_FIXTURE } from '../src/lib/server/modules/plans/module';
import { exportPlanCsv, planExportInputFromParsed } from '../src/lib/server/modules/plans/plan-export';
import { parsePlanFile, parsePlanText } from '../src/lib/server/modules/plans/plan-import';
import { exportPlan, importPlan } from '../src/lib/server/modules/plans/plans.usecases';
import { MIGRATIONS } from '../src/lib/server/testing/test-db';
import type { Benchmark } from './registry';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

/** A plan of `size` measures made from Falun's 33, as the CSV a municipality would upload. */
function csvOfSize(size: number): Buffer {
	const input = planExportInputFromParsed(parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')), { municipalityName: 'Falu kommun' });
	const all = input.focusAreas.flatMap((area) => area.measures);
	const perArea = Math.ceil(size / input.focusAreas.length);
	input.focusAreas = input.focusAreas.map((area, a) => ({
		...area,
		measures: Array.from({ length: Math.min(perArea, size - a * perArea) }, (_, i) => ({ ...all[(a * perArea + i) % all.length], description: `${all[(a * perArea + i) % all.length].description} (${i + 1})` }))
	}));
	return Buffer.from(exportPlanCsv(input), 'utf8');
}

/** Import (parse + save, one transaction) of a 33- and a 500-measure plan on PGlite; Word export of the 33-measure plan. */
export const plansBenchmark: Benchmark = {
	name: 'plans',
	async run() {
		const database = await openDatabase({ dataDir: 'memory://' });
		await database.migrate(MIGRATIONS);
		const refs = await seedFoundation(database.db);
		const falun = refs.municipalities.falun.id;
		const importOf = async (size: number) =>
			timed(async () => importPlan({ db: database.db, actor: null, municipalityId: falun, parsed: await parsePlanFile(csvOfSize(size), 'plan.csv'), source: 'bench' }));
		await importOf(33); // warm-up
		const [planId, small] = await importOf(33);
		const [, large] = await importOf(500);
		const municipality = { id: falun, officialName: 'Falu kommun' };
		await exportPlan({ db: database.db, actor: null, planId, municipality, format: 'docx', ip: null });
		const [, docx] = await timed(() => exportPlan({ db: database.db, actor: null, planId, municipality, format: 'docx', ip: null }));
		await database.close();
		return [
			`import, 33 measures (CSV → preview model → database): ${small.toFixed(0)} ms`,
			`import, 500 measures: ${large.toFixed(0)} ms = ${(large / small).toFixed(1)} × the 33-measure plan (${(large / 500).toFixed(1)} ms per measure)`,
			`Word export of the 33-measure plan: ${docx.toFixed(0)} ms = ${(docx / small).toFixed(2)} × its import`
		];
	}
};

import fs from 'node:fs';
import { openDatabase } from '../src/lib/server/db/client';
import { seedFoundation } from '../src/lib/server/demo/foundation';
import { FALUN_PLAN_FIXTURE } from '../src/lib/server/modules/plans/module';
import { exportPlanCsv, planExportInputFromParsed } from '../src/lib/server/modules/plans/plan-export';
import { parsePlanFile, parsePlanText } from '../src/lib/server/modules/plans/plan-import';
import {
	answerFollowUp,
	closeFollowUpRound,
	generateFollowUpReport,
	getFollowUpRound,
	openFollowUpRound
} from '../src/lib/server/modules/plans/follow-up.usecases';
import { exportPlan, importPlan } from '../src/lib/server/modules/plans/plans.usecases';
import { findMemberships, findUserByEmail } from '../src/lib/server/modules/users/users.repository';
import { readConfig } from '../src/lib/server/platform/config';
import { MIGRATIONS } from '../src/lib/server/testing/test-db';
import type { Benchmark } from './registry';
import { systemActor, type Actor } from '../src/lib/server/platform/authz';

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
		measures: Array.from({ length: Math.min(perArea, size - a * perArea) }, (_, i) => ({
			...all[(a * perArea + i) % all.length],
			description: `${all[(a * perArea + i) % all.length].description} (${i + 1})`
		}))
	}));
	return Buffer.from(exportPlanCsv(input), 'utf8');
}

/** Import (parse + save, one transaction) of a 33- and a 500-measure plan on PGlite; Word export and the follow-up report (Word, PDF) of the 33-measure plan. */
export const plansBenchmark: Benchmark = {
	name: 'plans',
	async run() {
		const database = await openDatabase({ dataDir: 'memory://' });
		await database.migrate(MIGRATIONS);
		const refs = await seedFoundation(database.db);
		const falun = refs.municipalities.falun.id;
		const importOf = async (size: number) =>
			timed(async () =>
				importPlan({
					db: database.db,
					actor: systemActor('benchmark'),
					municipalityId: falun,
					parsed: await parsePlanFile(csvOfSize(size), 'plan.csv'),
					source: 'bench'
				})
			);
		await importOf(33); // warm-up
		const [planId, small] = await importOf(33);
		const [, large] = await importOf(500);
		const municipality = { id: falun, officialName: 'Falu kommun' };
		await exportPlan({ db: database.db, actor: systemActor('benchmark'), planId, municipality, format: 'docx', ip: null });
		const [, docx] = await timed(() => exportPlan({ db: database.db, actor: systemActor('benchmark'), planId, municipality, format: 'docx', ip: null }));

		// Two closed rounds with every measure answered, so the report has counts, a chart and changes to mark.
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		const actor: Actor = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
		let roundId = '';
		for (const [n, name] of ['Halvår 2 2024', 'Halvår 1 2025'].entries()) {
			roundId = (
				await openFollowUpRound({
					db: database.db,
					config: readConfig({}),
					actor,
					planId,
					municipalitySlug: 'falun',
					input: { name, dueDate: '2025-06-30' },
					ip: null
				})
			).id;
			const measures = (await getFollowUpRound({ db: database.db, actor, roundId })).focusAreas.flatMap((a) => a.measures);
			const statuses = ['pagar_enligt_plan', 'forsenad', 'genomford', 'pagar_med_avvikelse'];
			await answerFollowUp({
				db: database.db,
				actor,
				roundId,
				answers: measures.map((m, i) => ({
					measureId: m.id,
					status: statuses[(i + n) % statuses.length],
					done: `Arbetet under ${name}.`,
					nextSteps: 'Fortsätter.'
				})),
				ip: null
			});
			await closeFollowUpRound({ db: database.db, actor, roundId, ip: null });
		}
		const report = (format: 'docx' | 'pdf') => generateFollowUpReport({ db: database.db, actor, roundId, planId, municipality, format, ip: null });
		await report('docx');
		const [, reportDocx] = await timed(() => report('docx'));
		const [, reportPdf] = await timed(() => report('pdf'));
		await database.close();
		return [
			`import, 33 measures (CSV → preview model → database): ${small.toFixed(0)} ms`,
			`import, 500 measures: ${large.toFixed(0)} ms = ${(large / small).toFixed(1)} × the 33-measure plan (${(large / 500).toFixed(1)} ms per measure)`,
			`Word export of the 33-measure plan: ${docx.toFixed(0)} ms = ${(docx / small).toFixed(2)} × its import`,
			`follow-up report of the 33-measure plan, Word: ${reportDocx.toFixed(0)} ms = ${(reportDocx / docx).toFixed(2)} × the plan's Word export`,
			`follow-up report as PDF (Word + LibreOffice): ${reportPdf.toFixed(0)} ms = ${(reportPdf / reportDocx).toFixed(1)} × the Word report`
		];
	}
};

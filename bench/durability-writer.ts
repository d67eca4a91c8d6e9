// The process the durability trials kill (bench/durability.ts). `write`: imports the Falun plan and
// saves follow-up answers through the real use cases, one after the other, and after each commit
// appends what it committed to a journal (flushed to disk). `check`: opens the database again and
// compares it with the journal. Database from DATABASE_URL, else PGlite in DATA_DIR.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/lib/server/db/client';
import { seedFoundation } from '../src/lib/server/demo/foundation';
import { verifyAuditChain } from '../src/lib/server/modules/audit/audit.usecases';
import { answerFollowUp, getFollowUpRound, openFollowUpRound } from '../src/lib/server/modules/plans/follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from '../src/lib/server/modules/plans/module';
import { parsePlanText } from '../src/lib/server/modules/plans/plan-import';
import { importPlan } from '../src/lib/server/modules/plans/plans.usecases';
import { actorFor } from '../src/lib/server/modules/users/users.usecases';
import { findUserByEmail } from '../src/lib/server/modules/users/users.repository';
import { systemActor } from '../src/lib/server/platform/authz';
import { readConfig } from '../src/lib/server/platform/config';

const [mode, journalFile] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'check') || !journalFile) {
	console.error('usage: durability-writer.ts write|check <journal>');
	process.exit(2);
}
const config = readConfig();
const parsed = parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8'));
const measuresPerImport = parsed.focusAreas.reduce((n, area) => n + area.measures.length, 0);

type Entry = { kind: 'import'; planId: string } | { kind: 'answer'; roundId: string; measureId: string; seq: number };

function journal(entry: Entry): void {
	const fd = fs.openSync(journalFile, 'a');
	try {
		fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
}

function readJournal(): Entry[] {
	if (!fs.existsSync(journalFile)) return [];
	return fs
		.readFileSync(journalFile, 'utf8')
		.split('\n')
		.filter(Boolean)
		.flatMap((line) => {
			try {
				return [JSON.parse(line) as Entry];
			} catch {
				return []; // the last line, cut by the kill
			}
		});
}

const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await database.migrate(config.migrationsFolder);
const { db } = database;

if (mode === 'check') {
	const problems: string[] = [];
	const entries = readJournal();
	const planCounts = new Map(
		(
			await queryRows<{ id: string; n: number }>(
				db,
				sql`select p.id, count(m.id)::int as n from plans p left join measures m on m.plan_id = p.id group by p.id`
			)
		).map((r) => [r.id, Number(r.n)])
	);
	for (const entry of entries.filter((e) => e.kind === 'import')) {
		if (!planCounts.has(entry.planId)) problems.push(`committed import ${entry.planId} is missing`);
	}
	// Nothing half-written: every plan in the database has all its measures, journalled or not.
	for (const [id, n] of planCounts) if (n !== measuresPerImport) problems.push(`plan ${id} has ${n} of ${measuresPerImport} measures`);
	const answers = new Map(
		(await queryRows<{ round_id: string; measure_id: string; done: string }>(db, sql`select round_id, measure_id, done from follow_up_answers`)).map((r) => [
			`${r.round_id}/${r.measure_id}`,
			r.done
		])
	);
	const lastAnswer = new Map<string, number>();
	for (const entry of entries) if (entry.kind === 'answer') lastAnswer.set(`${entry.roundId}/${entry.measureId}`, entry.seq);
	for (const [key, seq] of lastAnswer) {
		const stored = /^försök (\d+)$/.exec(answers.get(key) ?? '');
		// The stored answer is the last journalled one, or a later one committed just before the kill.
		if (!stored || Number(stored[1]) < seq) problems.push(`answer ${key}: journal says ${seq}, database has ${answers.get(key) ?? 'nothing'}`);
	}
	const chain = await verifyAuditChain(db);
	if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBrokenId} (${chain.reason})`);
	await database.close();
	console.log(JSON.stringify({ ok: problems.length === 0, problems, imports: planCounts.size, answers: lastAnswer.size, auditRows: chain.rows }));
	process.exit(0);
}

// write: set up once (foundation, a plan, an open round), then write until killed.
let falun = (await queryRows<{ id: string }>(db, sql`select id from municipalities where slug = 'falun'`))[0]?.id;
if (!falun) falun = (await seedFoundation(db)).municipalities.falun.id;
const coordinator = await actorFor(db, (await findUserByEmail(db, 'samordnare@falun.demo'))!);
const housing = await actorFor(db, (await findUserByEmail(db, 'kopparstaden@falun.demo'))!);
let roundId = (await queryRows<{ id: string }>(db, sql`select id from follow_up_rounds limit 1`))[0]?.id;
if (!roundId) {
	const planId = await importPlan({ db, actor: systemActor('benchmark'), municipalityId: falun, parsed, source: 'durability' });
	journal({ kind: 'import', planId });
	roundId = (
		await openFollowUpRound({
			db,
			config,
			actor: coordinator,
			planId,
			municipalitySlug: 'falun',
			input: { name: 'Hållbarhetsprov', dueDate: '2030-06-30' },
			ip: null
		})
	).id;
}
const view = await getFollowUpRound({ db, actor: housing, roundId });
const own = view.focusAreas.flatMap((a) => a.measures).filter((m) => m.editable && m.setsStatus);
let seq = readJournal().reduce((max, e) => (e.kind === 'answer' ? Math.max(max, e.seq) : max), 0);
console.log('ready');
// Start at a random point of the cycle, so that kills land in answer saves as well as in imports.
for (let i = Math.floor(Math.random() * 3); ; i++) {
	if (i % 3 === 0) {
		const planId = await importPlan({ db, actor: systemActor('benchmark'), municipalityId: falun, parsed, source: 'durability' });
		journal({ kind: 'import', planId });
	} else {
		seq += 1;
		const answers = own.map((m) => ({ measureId: m.id, status: 'pagar_enligt_plan', done: `försök ${seq}`, nextSteps: '' }));
		await answerFollowUp({ db, actor: housing, roundId, answers, ip: null });
		for (const m of own) journal({ kind: 'answer', roundId, measureId: m.id, seq });
	}
}

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-registry';
import { findMunicipalityBySlug } from '../organisations/public';
import { parsePlanFile } from './plan-import';
import { listPlansOfMunicipality } from './plans.repository';
import { EXPORT_FORMATS, exportPlan, importPlan, isExportFormat } from './plans.usecases';
import { systemActor } from '../../platform/authz';

async function municipalityOrFail(db: Parameters<typeof findMunicipalityBySlug>[0], slug: string | undefined) {
	if (!slug) throw new Error('Ange kommunen med --kommun, t.ex. --kommun falun.');
	const municipality = await findMunicipalityBySlug(db, slug);
	if (!municipality) throw new Error(`Kommunen ${slug} finns inte.`);
	return municipality;
}

/** `plan:import --kommun falun <fil>`: .docx, .xlsx, .csv or text; prints every problem, saves all or nothing. */
export const planImportCommand: CliCommand = async (args, { withDatabase }) => {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { kommun: { type: 'string' }, titel: { type: 'string' } } });
	const file = positionals[0];
	if (!file) throw new Error('Ange filen: plan:import --kommun falun <fil>.');
	const parsed = await parsePlanFile(fs.readFileSync(file), path.basename(file));
	if (values.titel) parsed.title = values.titel;
	for (const problem of parsed.problems)
		console.log(`${problem.severity === 'error' ? 'FEL' : 'Obs'}${problem.row ? ` (rad ${problem.row})` : ''}: ${problem.message}`);
	await withDatabase(async ({ db }) => {
		const municipality = await municipalityOrFail(db, values.kommun);
		const planId = await importPlan({ db, actor: systemActor('cli'), municipalityId: municipality.id, parsed, source: path.basename(file) });
		const counts = parsed.focusAreas.map((a) => a.measures.length);
		console.log(`Planen ”${parsed.title}” importerades (${planId}): ${counts.length} fokusområden, ${counts.join(' + ')} åtgärder.`);
	});
};

/** `plan:export --kommun falun [--plan id] [--format docx|xlsx|csv|json] <fil>`: the newest plan unless --plan is given. */
export const planExportCommand: CliCommand = async (args, { withDatabase }) => {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { kommun: { type: 'string' }, plan: { type: 'string' }, format: { type: 'string' } }
	});
	const file = positionals[0];
	if (!file) throw new Error('Ange filen: plan:export --kommun falun <fil>.');
	const format = values.format ?? path.extname(file).slice(1);
	if (!isExportFormat(format)) throw new Error(`Okänt format ”${format}”. Välj ${Object.keys(EXPORT_FORMATS).join(', ')}.`);
	await withDatabase(async ({ db }) => {
		const municipality = await municipalityOrFail(db, values.kommun);
		const planId = values.plan ?? (await listPlansOfMunicipality(db, municipality.id))[0]?.id;
		if (!planId) throw new Error(`${municipality.officialName} har ingen åtgärdsplan.`);
		const exported = await exportPlan({ db, actor: systemActor('cli'), planId, municipality, format, ip: null });
		fs.writeFileSync(file, exported.body);
		console.log(`Planen skrevs till ${file} (${format}).`);
	});
};

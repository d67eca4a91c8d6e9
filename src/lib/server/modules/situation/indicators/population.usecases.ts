import type { Db } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
import { AppError, codedReason, codedValidationError, fieldError, type CodedReason } from '../../../platform/errors';
import { recordAudit } from '../../audit/public';
import { runParseJob } from '../../../platform/files/parse-pool';
import { completeTotals, type PopulationCell } from './population-import';
import { latestPopulationSummaries } from './population.repository';
import { listAreaRows, upsertPopulations } from '../areas/areas.repository';
import { MAX_UPLOAD_BYTES } from '../situation.models';

/**
 * SCB population per DeSO, RegSO or the municipality into area_populations: the denominators
 * of rates per year, and the breakdown by sex and age group. All of it or nothing, unless the
 * user has seen the problems and asks for the readable rows.
 */

/** Problems of one kind, counted, with the first place they were seen. */
interface PopulationProblemSummary extends CodedReason {
	count: number;
	example: string;
}

export interface PopulationImportResult {
	/** Rows written; 0 when problems stopped the import. */
	saved: number;
	written: boolean;
	/** Cells that belong to the municipality's areas (after adding missing totals). */
	matched: number;
	/** Cells of other municipalities, counties or the country, left out. */
	otherRegions: number;
	years: number[];
	problems: PopulationProblemSummary[];
	problemCount: number;
}

const SHOWN_PROBLEMS = 200;

export async function importPopulationFile(options: {
	db: Db;
	actor: Actor;
	municipality: { id: string; scbCode: string };
	fileName: string;
	data: Uint8Array;
	partial: boolean;
	ip: string | null;
}): Promise<PopulationImportResult> {
	const { db, actor, municipality } = options;
	requireAccess(actor, 'indicator.import', { municipalityId: municipality.id });
	if (options.data.byteLength === 0) throw codedValidationError({ populationFile: { code: 'situation.population_file_missing' } });
	if (options.data.byteLength > MAX_UPLOAD_BYTES)
		throw codedValidationError({ populationFile: { code: 'situation.file_too_large', params: { megabytes: MAX_UPLOAD_BYTES / (1024 * 1024) } } });
	let table;
	try {
		table = await runParseJob('population-file', { data: options.data, fileName: options.fileName });
	} catch (error) {
		if (error instanceof AppError) throw fieldError(error, 'populationFile');
		throw error;
	}

	const areas = await listAreaRows(db, municipality.id);
	const areaIdOf = new Map(areas.filter((a) => a.kind !== 'kommun').map((a) => [a.code, a.id]));
	const kommunArea = areas.find((a) => a.kind === 'kommun');
	const problems = new Map<string, PopulationProblemSummary>();
	const problem = ({ reason, text }: CodedReason, example: string) => {
		const entry = problems.get(reason) ?? { reason, text, count: 0, example };
		entry.count++;
		problems.set(reason, entry);
	};
	for (const p of table.problems) problem(p, p.where);

	// Keyed like the table's primary key: a cell given twice is written once (the last one).
	const byKey = new Map<string, { areaId: string; year: number; sex: string; ageGroup: string; population: number }>();
	let otherRegions = 0;
	for (const cell of completeTotals(table.cells)) {
		const areaId = areaFor(cell);
		if (areaId === 'other') otherRegions++;
		else if (areaId)
			byKey.set(`${areaId}\u0000${cell.year}\u0000${cell.sex}\u0000${cell.ageGroup}`, {
				areaId,
				year: cell.year,
				sex: cell.sex,
				ageGroup: cell.ageGroup,
				population: cell.population
			});
	}
	const rows = [...byKey.values()];
	function areaFor(cell: PopulationCell): string | null | 'other' {
		const code = cell.regionCode;
		if (code.length === 2) return 'other'; // a county or the country
		if (code.slice(0, 4) !== municipality.scbCode) return 'other';
		if (code === municipality.scbCode) {
			if (kommunArea) return kommunArea.id;
			problem(codedReason('situation.population_municipality_area_missing'), code);
			return null;
		}
		const id = areaIdOf.get(code);
		if (!id) problem(codedReason('situation.population_area_unknown', { code }), code);
		return id ?? null;
	}

	const listed = [...problems.values()].sort((a, b) => b.count - a.count);
	const problemCount = listed.reduce((n, p) => n + p.count, 0);
	const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
	const summary = { matched: rows.length, otherRegions, years, problems: listed.slice(0, SHOWN_PROBLEMS), problemCount };
	if (rows.length === 0) {
		throw codedValidationError({
			populationFile: { code: 'situation.population_no_area_values', params: { otherRegions, detail: listed[0] ? ` ${listed[0].reason}` : '' } }
		});
	}
	if (problemCount > 0 && !options.partial) return { ...summary, saved: 0, written: false };

	return db.transaction(async (tx) => {
		await upsertPopulations(tx, rows);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.populations.imported',
				entityType: 'area_populations',
				municipalityId: municipality.id,
				changes: {
					file: { before: null, after: options.fileName },
					rows: { before: null, after: rows.length },
					years: { before: null, after: years },
					problems: { before: null, after: problemCount }
				}
			}
		);
		return { ...summary, saved: rows.length, written: true };
	});
}

/** The latest year's population per area, by sex, and how many age groups it has (for the areas page). */
export async function areaPopulationSummaries(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'situation.read', { municipalityId: options.municipalityId });
	return new Map((await latestPopulationSummaries(options.db, options.municipalityId)).map((s) => [s.areaId, s]));
}

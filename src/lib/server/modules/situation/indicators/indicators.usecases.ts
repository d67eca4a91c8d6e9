import type { Db } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { AppError, codedValidationError, fieldError, type CodedReason } from '../../../platform/errors';
import { recordAudit } from '../../audit/public';
import { runParseJob } from '../../../platform/files/parse-pool';
import { listAreaRows } from '../areas/areas.repository';
import { requireAccess } from '../../../platform/access';
import { MAX_UPLOAD_BYTES } from '../situation.models';
import { readTable } from '../table-file';
import { fetchKoladaValues, IndicatorFileError, KOLADA_CRIME_KPIS, type IndicatorValue } from './indicators';
import { listIndicatorValues, upsertIndicatorValues } from './indicators.repository';

export async function listIndicators(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'situation.read', { municipalityId: options.municipalityId });
	return listIndicatorValues(options.db, options.municipalityId);
}

/** Saves indicator values; codes of the municipality's own areas are linked to the area, the rest are regions. */
async function saveIndicatorValues(options: { db: Db; actor: Actor; municipalityId: string; values: IndicatorValue[]; origin: string; ip: string | null }) {
	const { db, actor, municipalityId, values } = options;
	return db.transaction(async (tx) => {
		const areaIdOf = new Map((await listAreaRows(tx, municipalityId)).filter((a) => a.kind !== 'kommun').map((a) => [a.code, a.id]));
		const saved = await upsertIndicatorValues(
			tx,
			values.map((v) => {
				const areaId = areaIdOf.get(v.regionCode) ?? null;
				return {
					municipalityId,
					areaId,
					regionCode: areaId ? null : v.regionCode,
					indicator: v.indicator,
					name: v.name,
					period: v.period,
					sex: v.sex,
					ageGroup: v.ageGroup,
					value: v.value,
					unit: v.unit,
					respondents: v.respondents,
					source: v.source,
					licence: v.licence
				};
			})
		);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.indicators.imported',
				entityType: 'indicators',
				municipalityId,
				changes: { origin: { before: null, after: options.origin }, values: { before: null, after: saved } }
			}
		);
		return saved;
	});
}

/** Kolada v3 JSON (.json) or a Brå table (.csv, .xlsx). */
export async function importIndicatorFile(options: { db: Db; actor: Actor; municipalityId: string; fileName: string; data: Uint8Array; ip: string | null }) {
	requireAccess(options.actor, 'indicator.import', { municipalityId: options.municipalityId });
	if (options.data.byteLength === 0) throw codedValidationError({ file: { code: 'situation.file_missing' } });
	if (options.data.byteLength > MAX_UPLOAD_BYTES)
		throw codedValidationError({ file: { code: 'situation.file_too_large', params: { megabytes: MAX_UPLOAD_BYTES / (1024 * 1024) } } });
	let values: IndicatorValue[];
	let problems: CodedReason[] = [];
	try {
		if (/\.json$/i.test(options.fileName)) values = await runParseJob('kolada-values', options.data);
		else if (/\.(csv|xlsx|txt)$/i.test(options.fileName))
			({ values, problems } = await runParseJob('bra-table', await readTable(options.data, options.fileName)));
		else throw new IndicatorFileError('situation.indicator_file_type');
	} catch (error) {
		if (error instanceof AppError) throw fieldError(error, 'file');
		throw error;
	}
	if (values.length === 0) throw codedValidationError({ file: { code: 'situation.indicator_no_values' } });
	const saved = await saveIndicatorValues({ ...options, values, origin: options.fileName });
	return { saved, problems };
}

/** Fetches the crime KPIs for the municipality, its county and Sweden from Kolada (needs the internet). */
export async function fetchKoladaIndicators(options: {
	db: Db;
	actor: Actor;
	municipality: { id: string; scbCode: string; countyCode: string };
	baseUrl: string;
	years: number[];
	ip: string | null;
	fetch?: typeof fetch;
}) {
	const { municipality } = options;
	requireAccess(options.actor, 'indicator.import', { municipalityId: municipality.id });
	let values: IndicatorValue[];
	try {
		values = await fetchKoladaValues({
			baseUrl: options.baseUrl,
			fetch: options.fetch,
			kpis: Object.keys(KOLADA_CRIME_KPIS),
			regionIds: [municipality.scbCode, `00${municipality.countyCode}`, '0000'],
			years: options.years
		});
	} catch (error) {
		throw new AppError('situation.kolada_unreachable', 502, { reason: error instanceof Error ? error.message : String(error) });
	}
	return saveIndicatorValues({ db: options.db, actor: options.actor, municipalityId: municipality.id, values, origin: options.baseUrl, ip: options.ip });
}

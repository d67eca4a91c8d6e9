import type { Db } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
import { AppError, codedValidationError, fieldError } from '../../../platform/errors';
import { recordAudit } from '../../audit/public';
import { runParseJob } from '../../../platform/files/parse-pool';
import { fetchPolisenEventList, readPolisenEvents, type PolisenEvent, type PolisenSkipped } from './polisen-events';
import { loadAssigner } from '../areas/areas.usecases';
import { MAX_UPLOAD_BYTES } from '../situation.models';
import { saveCrimeRows } from './crimes.usecases';

/**
 * Polisen's events API into the lägesbild: a saved file or a live fetch, through the same
 * crime-import transaction as a police extract. Events land on the municipality area only.
 */

export interface PolisenMunicipality {
	id: string;
	name: string;
	officialName?: string | null;
}

export interface PolisenImportResult {
	read: number;
	otherPlaces: number;
	repeated: number;
	imported: number;
	duplicates: number;
	skipped: PolisenSkipped[];
	/** False when the municipality has no area for itself: the events then count in totals only. */
	inMunicipalityArea: boolean;
}

async function saveEvents(options: {
	db: Db;
	actor: Actor;
	municipality: PolisenMunicipality;
	events: PolisenEvent[];
	origin: string;
	ip: string | null;
}): Promise<PolisenImportResult> {
	const { db, actor, municipality } = options;
	const reading = readPolisenEvents(options.events, municipality);
	if (reading.read > 0 && reading.read === reading.otherPlaces)
		throw codedValidationError({ polisenFile: { code: 'situation.polisen_other_places', params: { count: reading.read, municipality: municipality.name } } });
	return db.transaction(async (tx) => {
		const assigner = await loadAssigner(tx, municipality.id);
		const inMunicipalityArea = assigner.areaIdsOf({ easting: null, northing: null, areaCode: null }).length > 0;
		const summary = { read: reading.read, otherPlaces: reading.otherPlaces, repeated: reading.repeated, skipped: reading.skipped, inMunicipalityArea };
		// Nothing to count (only accidents and alarms, or an empty answer): no import row, nothing to audit.
		if (reading.rows.length === 0) return { ...summary, imported: 0, duplicates: 0 };
		const saved = await saveCrimeRows(tx, {
			municipalityId: municipality.id,
			sourceId: null,
			fileName: `Polisens händelser: ${options.origin}`,
			rows: reading.rows,
			rejected: reading.skipped.reduce((n, s) => n + s.count, 0),
			assigner,
			actorId: actor.userId,
			demo: false
		});
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'situation.polisen.imported',
				entityType: 'crime_import',
				entityId: saved.importId,
				municipalityId: municipality.id,
				changes: {
					origin: { before: null, after: options.origin },
					imported: { before: null, after: saved.imported },
					duplicates: { before: null, after: saved.duplicates },
					skipped: { before: null, after: reading.skipped.reduce((n, s) => n + s.count, 0) }
				}
			}
		);
		return { ...summary, imported: saved.imported, duplicates: saved.duplicates };
	});
}

/** A file saved from https://polisen.se/api/events (or with ?locationname=…). */
export async function importPolisenFile(options: {
	db: Db;
	actor: Actor;
	municipality: PolisenMunicipality;
	fileName: string;
	data: Uint8Array;
	ip: string | null;
}) {
	requireAccess(options.actor, 'crime.import', { municipalityId: options.municipality.id });
	if (options.data.byteLength === 0) throw codedValidationError({ polisenFile: { code: 'situation.polisen_file_missing' } });
	if (options.data.byteLength > MAX_UPLOAD_BYTES)
		throw codedValidationError({ polisenFile: { code: 'situation.file_too_large', params: { megabytes: MAX_UPLOAD_BYTES / (1024 * 1024) } } });
	if (!/\.json$/i.test(options.fileName)) throw codedValidationError({ polisenFile: { code: 'situation.polisen_file_type' } });
	let events: PolisenEvent[];
	try {
		events = await runParseJob('polisen-events', options.data);
	} catch (error) {
		if (error instanceof AppError) throw fieldError(error, 'polisenFile');
		throw error;
	}
	return saveEvents({ ...options, events, origin: options.fileName });
}

/** Fetches the municipality's latest events (needs the internet; POLISEN_EVENTS_URL says where). */
export async function fetchPolisenEvents(options: {
	db: Db;
	actor: Actor;
	municipality: PolisenMunicipality;
	url: string;
	ip: string | null;
	fetch?: typeof fetch;
}) {
	requireAccess(options.actor, 'crime.import', { municipalityId: options.municipality.id });
	let events: PolisenEvent[];
	try {
		events = await fetchPolisenEventList({ url: options.url, locationName: options.municipality.name, fetch: options.fetch });
	} catch (error) {
		throw new AppError('situation.polisen_unreachable', 502, { reason: error instanceof Error ? error.message : String(error) });
	}
	return saveEvents({ ...options, events, origin: `${new URL(options.url).host} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}` });
}

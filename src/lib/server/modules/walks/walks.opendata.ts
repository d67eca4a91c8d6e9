import { writeCsv } from '../../platform/files/csv';
import { atomFeed, type FeedEntry } from '../promises/public';
import { FINDING_STATE_TEXT, type FindingState } from './walks.models';

/** One finding of a published walk, as open data gives it (no names of the walkers, no photos). */
export interface OpenFinding {
	id: string;
	walkId: string;
	walkTitle: string;
	walkDate: string;
	areaName: string;
	number: number;
	category: string;
	description: string;
	proposedMeasure: string;
	state: FindingState;
	plannedOn: string | null;
	owner: string;
	lat: number | null;
	lon: number | null;
	createdAt: Date;
	updatedAt: Date;
}

const COLUMNS = ['id', 'vandring', 'datum', 'omrade', 'nummer', 'kategori', 'beskrivning', 'forslag', 'lage', 'planerad', 'agare', 'lat', 'lon', 'uppdaterad'];

/** The findings as CSV (CC0; semicolons and a BOM, as Swedish Excel opens it). */
export function findingsCsv(findings: OpenFinding[]): string {
	return writeCsv(
		[
			COLUMNS,
			...findings.map((f) => [
				f.id,
				f.walkTitle,
				f.walkDate,
				f.areaName,
				f.number,
				f.category,
				f.description,
				f.proposedMeasure,
				FINDING_STATE_TEXT[f.state],
				f.plannedOn ?? '',
				f.owner,
				f.lat,
				f.lon,
				f.updatedAt.toISOString()
			])
		],
		{ delimiter: ';', bom: true }
	);
}

/** The located findings as a GeoJSON FeatureCollection (RFC 7946, WGS 84, CC0). */
export function findingsGeoJson(findings: OpenFinding[], licenceUrl: string) {
	return {
		type: 'FeatureCollection',
		license: licenceUrl,
		features: findings
			.filter((f) => f.lat !== null && f.lon !== null)
			.map((f) => ({
				type: 'Feature',
				id: f.id,
				geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
				properties: {
					walk: f.walkTitle,
					walkDate: f.walkDate,
					area: f.areaName,
					number: f.number,
					category: f.category,
					description: f.description,
					proposedMeasure: f.proposedMeasure,
					state: f.state,
					stateText: FINDING_STATE_TEXT[f.state],
					plannedOn: f.plannedOn,
					owner: f.owner,
					updated: f.updatedAt.toISOString()
				}
			}))
	};
}

/** The municipality's Atom feed: each published finding, updated when its state changes. */
export function findingsFeed(options: {
	municipality: { slug: string; name: string; officialName: string; scbCode: string };
	origin: string;
	selfUrl: string;
	findings: OpenFinding[];
}): string {
	const entries: FeedEntry[] = options.findings.map((f) => ({
		id: `${options.origin}/${options.municipality.slug}/trygghetsvandringar/${f.walkId}#brist-${f.number}`,
		title: `${f.walkTitle}: brist ${f.number} (${f.category}) – ${FINDING_STATE_TEXT[f.state]}`,
		updated: f.updatedAt.toISOString(),
		link: `${options.origin}/${options.municipality.slug}/trygghetsvandringar/${f.walkId}#brist-${f.number}`,
		summary: `${f.description}${f.owner ? ` Ägare: ${f.owner}.` : ''}${f.plannedOn ? ` Planerad ${f.plannedOn}.` : ''}`
	}));
	return atomFeed({
		municipality: options.municipality,
		origin: options.origin,
		selfUrl: options.selfUrl,
		entries,
		title: `Trygghetsvandringar i ${options.municipality.officialName}`,
		subtitle: 'Brister från trygghetsvandringar och hur de åtgärdas.'
	});
}

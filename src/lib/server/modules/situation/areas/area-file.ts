import { runParseJob } from '../../../platform/files/parse-pool';
import type { AreaKind } from '../situation.models';
import type { AreaFileResult } from './area-import';

/** An uploaded boundary file (GeoJSON or GeoPackage, by its name) read in a parse worker, within the file caps. */
export function readAreaFile(
	data: Uint8Array,
	fileName: string,
	options: { municipalityCode: string; kind?: AreaKind | 'auto'; year?: number }
): Promise<AreaFileResult> {
	return runParseJob('area-file', { data, format: /\.gpkg$/i.test(fileName) ? 'gpkg' : 'geojson', options });
}

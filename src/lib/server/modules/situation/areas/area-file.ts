import { runParseJob } from '../../../platform/files/parse-pool';
import type { AreaFileOptions, AreaFileResult } from './area-import';

/** An uploaded boundary file (GeoJSON or GeoPackage, by its name) read in a parse worker, within the file caps. */
export function readAreaFile(data: Uint8Array, fileName: string, options: AreaFileOptions): Promise<AreaFileResult> {
	return runParseJob('area-file', { data, format: /\.gpkg$/i.test(fileName) ? 'gpkg' : 'geojson', options });
}

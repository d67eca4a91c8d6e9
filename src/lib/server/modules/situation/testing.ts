/**
 * Small files in the real formats for tests (unit, e2e) and the demo: a DeSO GeoJSON in
 * EPSG:3006 with SCB's 2025 property names, and a police extract with SWEREF 99 TM columns.
 */

/** Four DeSO squares of 1 km in central Falun, a 2 × 2 grid starting at E 533 000, N 6 718 000. */
export function desoGeoJson3006(): string {
	const cells = [
		['2080C1010', 533000, 6718000, 2080, 'R001'],
		['2080C1020', 534000, 6718000, 2080, 'R001'],
		['2080C1030', 533000, 6719000, 2080, 'R002'],
		['2080C1040', 534000, 6719000, 2080, 'R002']
	] as const;
	return JSON.stringify({
		type: 'FeatureCollection',
		crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } },
		features: cells.map(([code, e, n, kommun, regso]) => ({
			type: 'Feature',
			properties: { desokod: code, regsokod: `${kommun}${regso}`, kommunkod: String(kommun), lanskod: '20', befolkning: 1000, ar: 2024 },
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[e, n],
						[e + 1000, n],
						[e + 1000, n + 1000],
						[e, n + 1000],
						[e, n]
					]
				]
			}
		}))
	});
}

/**
 * A police extract as the kommunpolis sends it: semicolons, SWEREF 99 TM, a few bad rows.
 * Dated 2025, a year without demo data, so tests can count exactly these rows.
 */
export function crimeCsvSweref(): string {
	const rows = [
		['Händelse-id', 'Brottstyp', 'Datum', 'Klockslag', 'X_SWEREF', 'Y_SWEREF'],
		['P-1', 'Cykelstöld', '2025-05-14', '13:45', '533500', '6718500'],
		['P-2', 'Cykelstöld', '2025-05-15', '08:10', '533600', '6718400'],
		['P-3', 'Stöld i butik', '2025-06-01', '16:20', '534500', '6718500'],
		['P-4', 'Misshandel', '2025-06-02', '23:05', '534500', '6719500'],
		['P-5', 'Skadegörelse', '2025-07-03', '02:00', '533200', '6719800'],
		['P-6', 'Cykelstöld', '2025-07-04', '12:00', '6718500', '533500'],
		['P-7', 'Cykelstöld', '2025-07-05', '12:00', '100', '200'],
		['P-8', 'Cykelstöld', '2025-07-06', '12:00', '600000', '6800000'],
		['P-9', 'Trolldom', '2025-07-07', '12:00', '533500', '6718500'],
		['P-10', 'Cykelstöld', '2025-13-45', '12:00', '533500', '6718500']
	];
	return rows.map((r) => r.join(';')).join('\r\n') + '\r\n';
}

/** Kinds of organisation taking part in the work; browser-safe, so forms can list them. */
export const ORGANISATION_TYPES = [
	'kommun',
	'kommunal_forvaltning',
	'lokalpolisomrade',
	'bostadsbolag',
	'skola',
	'region',
	'lansstyrelse',
	'raddningstjanst',
	'naringsliv',
	'forening',
	'annan'
] as const;

import { KOMMUNER_ROWS } from './reference/kommuner.data';

/** One of Sweden's 290 municipalities as SCB lists them. */
export interface Kommun {
	/** SCB's four-digit kommunkod; DeSO and RegSO codes start with it. */
	code: string;
	name: string;
	countyCode: string;
	county: string;
}

export const KOMMUNER: readonly Kommun[] = KOMMUNER_ROWS.map(([code, name, countyCode, county]) => ({ code, name, countyCode, county }));

const BY_CODE = new Map(KOMMUNER.map((k) => [k.code, k]));

export function findKommun(code: string): Kommun | undefined {
	return BY_CODE.get(code.trim());
}

/** Official names that do not follow "<name>s kommun"; the admin can still change any of them. */
const OFFICIAL_NAME_EXCEPTIONS: Record<string, string> = {
	'2080': 'Falu kommun',
	'0980': 'Region Gotland',
	'0180': 'Stockholms stad',
	'1480': 'Göteborgs Stad',
	'1280': 'Malmö stad'
};

/** "Leksand" → "Leksands kommun", "Sunne" → "Sunne kommun": names ending in a vowel or s, x, z take no genitive s. */
export function defaultOfficialName(kommun: Pick<Kommun, 'code' | 'name'>): string {
	const exception = OFFICIAL_NAME_EXCEPTIONS[kommun.code];
	if (exception) return exception;
	return /[aeiouyåäösxz]$/i.test(kommun.name) ? `${kommun.name} kommun` : `${kommun.name}s kommun`;
}

import { luhnValid } from '../../platform/personal-identity';
/**
 * Swedish personal identity numbers (personnummer, and samordningsnummer whose day is +60):
 * YYYYMMDD-NNNC, YYMMDD-NNNC or YYMMDD+NNNC (+ for those aged 100 or more), with or without the
 * separator. C is the Luhn check digit over the ten digits YYMMDDNNN.
 */
export interface Personnummer {
	/** Twelve digits, YYYYMMDDNNNC: the one form stored and indexed. */
	normalised: string;
	birthDate: string;
	/** The legal gender the number was issued with (the ninth digit: odd man, even woman). */
	gender: 'man' | 'kvinna';
	coordinationNumber: boolean;
}

export { luhnValid } from '../../platform/personal-identity';

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function realDate(year: number, month: number, day: number): Date | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** Null when the text is not a valid number (format, date or check digit); `today` settles the century of a short form. */
export function parsePersonnummer(text: string, today: string = isoDate(new Date())): Personnummer | null {
	const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/.exec(text.trim().replace(/\s/g, ''));
	if (!match) return null;
	const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];
	if (!luhnValid(`${yy}${mm}${dd}${serial}${check}`)) return null;
	const currentYear = Number(today.slice(0, 4));
	let year: number;
	if (century) {
		year = Number(`${century}${yy}`);
	} else {
		// The latest year ending in YY not after today, a hundred years earlier with '+'.
		year = currentYear - ((((currentYear - Number(yy)) % 100) + 100) % 100);
		if (separator === '+') year -= 100;
	}
	const rawDay = Number(dd);
	const coordinationNumber = rawDay > 60;
	const birth = realDate(year, Number(mm), coordinationNumber ? rawDay - 60 : rawDay);
	if (!birth || isoDate(birth) > today) return null;
	return {
		normalised: `${year}${mm}${dd}${serial}${check}`,
		birthDate: isoDate(birth),
		gender: Number(serial![2]) % 2 === 1 ? 'man' : 'kvinna',
		coordinationNumber
	};
}

/** Whole years from the birth date to `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
	const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
	return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

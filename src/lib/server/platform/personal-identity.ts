/**
 * Finds Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer, day + 60) in free text, so that modules which must never hold individuals
 * (EST reports, walk notes) can refuse them. A number counts when its date exists and, for the
 * forms without a separator, its Luhn check digit is right — so that phone numbers and order
 * numbers are not taken for one. With a separator (-, +) a real date is enough: a reporter who
 * writes "850709-1234" means a person even if a digit is off.
 */
export function findPersonalIdentityNumbers(text: string): string[] {
	const found: string[] = [];
	const pattern = /(?<![\d])((?:19|20)?\d{6})([-+ ]?)(\d{4})(?![\d])/g;
	for (const match of text.matchAll(pattern)) {
		const [whole, datePart, separator, last4] = match;
		const short = datePart.length === 8 ? datePart.slice(2) : datePart;
		if (!validDate(datePart)) continue;
		if (separator === '' || separator === ' ') {
			if (!luhnValid(short + last4)) continue;
		}
		found.push(whole);
	}
	return found;
}

export function containsPersonalIdentityNumber(text: string): boolean {
	return findPersonalIdentityNumbers(text).length > 0;
}

function validDate(digits: string): boolean {
	const year = digits.length === 8 ? Number(digits.slice(0, 4)) : 2000 + Number(digits.slice(0, 2));
	const offset = digits.length - 4;
	const month = Number(digits.slice(offset, offset + 2));
	let day = Number(digits.slice(offset + 2, offset + 4));
	if (day > 60) day -= 60; // samordningsnummer
	if (month < 1 || month > 12 || day < 1) return false;
	// A two-digit year can be 19xx or 20xx; 29 February exists in at least one of them unless both are non-leap.
	const years = digits.length === 8 ? [year] : [year, year - 100];
	return years.some((y) => day <= new Date(Date.UTC(y, month, 0)).getUTCDate());
}

/** The Luhn check over the ten digits YYMMDDNNNC (the check digit last). */
export function luhnValid(tenDigits: string): boolean {
	let sum = 0;
	for (let i = 0; i < tenDigits.length; i++) {
		let digit = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
		if (digit > 9) digit -= 9;
		sum += digit;
	}
	return sum % 10 === 0;
}

/**
 * Near-duplicate organisations a person may want to merge: "Socialtjänst"/"Socialtjänsten" (the
 * definite form), "Kommundirektör"/"Kommundirektören", "Centrala stadsrum"/"Centrala stadsum" (a
 * typing slip). Only suggestions: a person confirms each merge. Pure.
 */

export interface OrganisationName {
	id: string;
	name: string;
	needsConfirmation: boolean;
	createdAt?: Date | string;
}

export interface MergeSuggestion {
	/** The organisation suggested to keep (a confirmed one before an imported one, else the older). */
	keep: OrganisationName;
	/** The one suggested to merge into it. */
	merge: OrganisationName;
	reason: 'same_word' | 'typo';
}

/** Swedish definite and plural endings, longest first: "förvaltningen" and "förvaltning" are one word. */
const ENDINGS = ['erna', 'arna', 'orna', 'en', 'et', 'na', 'n'];

function stem(word: string): string {
	for (const ending of ENDINGS) if (word.length - ending.length >= 4 && word.endsWith(ending)) return word.slice(0, -ending.length);
	return word;
}

/** Lower case, punctuation and dashes as spaces, each word without its definite ending. */
export function nameKey(name: string): string {
	return name
		.normalize('NFC')
		.toLocaleLowerCase('sv')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim()
		.split(' ')
		.filter(Boolean)
		.map(stem)
		.join(' ');
}

/** Edits (insert, delete, substitute, swap two neighbours) between two texts, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
			row.push(d);
			best = Math.min(best, d);
		}
		if (best > max) return max + 1;
		rows.push(row);
	}
	return rows[a.length][b.length];
}

const digits = (s: string) => s.replace(/\D+/g, ' ').trim();

/** Why two names look like one organisation, or null. Names with different numbers ("Skola 1"/"Skola 2") never do. */
export function nearDuplicate(a: string, b: string): MergeSuggestion['reason'] | null {
	if (digits(a) !== digits(b)) return null;
	const ka = nameKey(a);
	const kb = nameKey(b);
	if (!ka || !kb) return null;
	if (ka === kb) return 'same_word';
	// A slip of one letter in a longer name; short names ("Posten"/"Polisen") differ too easily.
	const shortest = Math.min(ka.length, kb.length);
	const allowed = shortest >= 14 ? 2 : shortest >= 8 ? 1 : 0;
	return allowed > 0 && editDistance(ka, kb, allowed) <= allowed ? 'typo' : null;
}

const time = (o: OrganisationName) => (o.createdAt ? new Date(o.createdAt).getTime() : 0);

/** Every near-duplicate pair of the list, each pair once, in the list's order. */
export function mergeSuggestions(organisations: readonly OrganisationName[]): MergeSuggestion[] {
	const suggestions: MergeSuggestion[] = [];
	for (let i = 0; i < organisations.length; i++) {
		for (let j = i + 1; j < organisations.length; j++) {
			const [a, b] = [organisations[i], organisations[j]];
			const reason = nearDuplicate(a.name, b.name);
			if (!reason) continue;
			// Keep what a person confirmed; between equals, the older one (its name has been in use longest).
			const keepA = a.needsConfirmation !== b.needsConfirmation ? !a.needsConfirmation : time(a) <= time(b);
			suggestions.push(keepA ? { keep: a, merge: b, reason } : { keep: b, merge: a, reason });
		}
	}
	return suggestions;
}

/** Whether merging `mergeId` into `keepId` (either way round) is one of the list's suggestions. */
export function isSuggestedPair(organisations: readonly OrganisationName[], a: string, b: string): boolean {
	return mergeSuggestions(organisations).some((s) => (s.keep.id === a && s.merge.id === b) || (s.keep.id === b && s.merge.id === a));
}

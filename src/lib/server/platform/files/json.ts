import { FILE_LIMITS, limitErrors } from './limits';

/**
 * Throws the depth cap's error when arrays and objects nest deeper than the cap. A linear scan
 * (strings skipped) before JSON.parse, so a file of a million "[" never reaches a recursive walker.
 */
export function assertJsonDepth(text: string, maxDepth: number = FILE_LIMITS.jsonDepth): void {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > maxDepth) throw limitErrors.depth();
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
}

/**
 * The attacker of the disclosure tests: given what a public output shows (null = hidden) and the
 * sums a reader knows hold between its figures, it works out every hidden figure it can, by
 * exact elimination over rationals. Independent of the disclosure rule's own arithmetic, so the
 * tests do not grade the rule by itself.
 */

export interface KnownSum {
	total: string;
	parts: string[];
}

type Fraction = [bigint, bigint];

const gcd = (a: bigint, b: bigint): bigint => {
	a = a < 0n ? -a : a;
	b = b < 0n ? -b : b;
	while (b) [a, b] = [b, a % b];
	return a;
};
function norm([n, d]: Fraction): Fraction {
	if (d < 0n) [n, d] = [-n, -d];
	const g = gcd(n, d) || 1n;
	return [n / g, d / g];
}
const sub = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
const mul = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[0], a[1] * b[1]]);
const div = (a: Fraction, b: Fraction): Fraction => norm([a[0] * b[1], a[1] * b[0]]);

/** Every hidden figure the sums determine, with the value they give. */
export function attack(shown: ReadonlyMap<string, number | null>, sums: KnownSum[]): Map<string, number> {
	const unknowns = [...new Set(sums.flatMap((s) => [s.total, ...s.parts]).filter((k) => shown.get(k) === null || !shown.has(k)))];
	const column = new Map(unknowns.map((k, i) => [k, i]));
	const width = unknowns.length;
	// Each sum as Σ coefficient × unknown = constant.
	const rows: Fraction[][] = sums.map((s) => {
		const row: Fraction[] = Array.from({ length: width + 1 }, () => [0n, 1n] as Fraction);
		const add = (key: string, sign: bigint) => {
			const i = column.get(key);
			if (i !== undefined) row[i] = norm([row[i][0] + sign * row[i][1], row[i][1]]);
			else row[width] = norm([row[width][0] - sign * BigInt(shown.get(key)!) * row[width][1], row[width][1]]);
		};
		add(s.total, 1n);
		for (const p of new Set(s.parts)) add(p, -1n);
		return row;
	});
	let r = 0;
	for (let lead = 0; lead < width && r < rows.length; lead++) {
		const pivot = rows.findIndex((row, i) => i >= r && row[lead][0] !== 0n);
		if (pivot < 0) continue;
		[rows[r], rows[pivot]] = [rows[pivot], rows[r]];
		const p = rows[r][lead];
		rows[r] = rows[r].map((v) => div(v, p));
		for (let i = 0; i < rows.length; i++)
			if (i !== r && rows[i][lead][0] !== 0n) {
				const f = rows[i][lead];
				rows[i] = rows[i].map((v, j) => sub(v, mul(f, rows[r][j])));
			}
		r++;
	}
	const found = new Map<string, number>();
	for (const row of rows) {
		const nonZero = row.slice(0, width).flatMap((v, i) => (v[0] !== 0n ? [i] : []));
		if (nonZero.length === 1) found.set(unknowns[nonZero[0]], Number(row[width][0]) / Number(row[width][1]));
	}
	return found;
}

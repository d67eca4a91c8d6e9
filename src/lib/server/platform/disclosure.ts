/**
 * The one disclosure rule for every public output (the public lägesbild page, the published
 * lägesbild document and anything exported from them).
 *
 * Counts from 1 to limit − 1 are hidden (primary suppression). Then, because the outputs also
 * publish totals, more counts are hidden (secondary suppression) until no hidden small count can
 * be worked out from what is shown: not by subtracting the visible parts from a total, and not
 * by combining several totals (the published figures are treated as a system of linear
 * equations, and no hidden small count may be one of its determined unknowns).
 *
 * A figure shown in two places (a year's count in the trend and in the year's table) is one key,
 * so it is hidden in both or in neither. A total that is not published itself but that two
 * tables both add up to (a period's total over areas and over categories) is a hidden total:
 * the relation still lets an attacker subtract one table from the other.
 */

export interface Disclosed {
	/** The count, or null when it is hidden. */
	value(key: string): number | null;
	hidden(key: string): boolean;
	/** Every hidden key (published or not). */
	readonly hiddenKeys: ReadonlySet<string>;
}

interface Relation {
	total: string;
	parts: string[];
}

const EPSILON = 1e-9;

export class Disclosure {
	private readonly values = new Map<string, number>();
	private readonly unpublished = new Set<string>();
	private readonly forced = new Set<string>();
	private readonly relations: Relation[] = [];

	constructor(readonly limit: number) {}

	/** A published count. Registering the same key twice must give the same count. */
	count(key: string, n: number): this {
		const known = this.values.get(key);
		if (known !== undefined && known !== n) throw new Error(`disclosure: ${key} is ${known} and ${n}`);
		this.values.set(key, n);
		return this;
	}

	/** A total that is not shown but that published counts add up to. */
	hiddenTotal(key: string, n: number): this {
		this.count(key, n);
		this.unpublished.add(key);
		return this;
	}

	/** total = Σ parts, for keys already registered. */
	sum(total: string, parts: string[]): this {
		for (const key of [total, ...parts]) if (!this.values.has(key)) throw new Error(`disclosure: unknown key ${key}`);
		if (parts.length) this.relations.push({ total, parts: [...new Set(parts)] });
		return this;
	}

	/** Hidden whatever its size (e.g. a survey value from too few respondents). */
	hide(key: string): this {
		this.forced.add(key);
		return this;
	}

	private isSmall(key: string) {
		const n = this.values.get(key)!;
		return n > 0 && n < this.limit;
	}

	solve(): Disclosed {
		const hidden = new Set<string>([...this.unpublished, ...this.forced]);
		for (const key of this.values.keys()) if (this.isSmall(key)) hidden.add(key);
		// A hidden published figure must stay hidden: a small one, or one hidden to protect a small one.
		const mustProtect = (key: string) => this.isSmall(key) || (hidden.has(key) && !this.unpublished.has(key));
		const relationsOf = new Map<string, Relation[]>();
		for (const r of this.relations) for (const key of [r.total, ...r.parts]) relationsOf.set(key, [...(relationsOf.get(key) ?? []), r]);

		/** Hides the smallest visible part (else total) among the relations; false when all are hidden. */
		const hideSmallestIn = (relations: Relation[]) => {
			let best: string | null = null;
			let bestRank = Infinity;
			for (const r of relations)
				for (const key of [...r.parts, r.total]) {
					if (hidden.has(key)) continue;
					// Parts before totals, then the smallest count: the least information lost.
					const rank = (key === r.total ? 1e15 : 0) + this.values.get(key)!;
					if (rank < bestRank) [best, bestRank] = [key, rank];
				}
			if (best === null) return false;
			hidden.add(best);
			return true;
		};

		for (let changed = true; changed;) {
			changed = false;
			// 1. Subtraction within one relation: exactly one unknown is given away by the others.
			for (const r of this.relations) {
				const unknown = [r.total, ...r.parts].filter((k) => hidden.has(k));
				if (unknown.length === 1 && mustProtect(unknown[0]) && hideSmallestIn([r])) changed = true;
			}
			if (changed) continue;
			// 2. Combinations of relations: a hidden figure the system of equations determines.
			const determined = this.determined(hidden).filter(mustProtect);
			if (determined.length === 0) break;
			changed = this.widen(determined[0], hidden, relationsOf, hideSmallestIn);
			if (!changed) throw new Error(`disclosure: cannot protect ${determined[0]}`);
		}
		const values = this.values;
		return {
			value: (key) => (hidden.has(key) || !values.has(key) ? null : values.get(key)!),
			hidden: (key) => hidden.has(key),
			hiddenKeys: hidden
		};
	}

	/** Hides the smallest visible figure in the relations nearest to the key (through hidden figures). */
	private widen(key: string, hidden: Set<string>, relationsOf: Map<string, Relation[]>, hideSmallestIn: (r: Relation[]) => boolean): boolean {
		const seen = new Set([key]);
		let frontier = [key];
		while (frontier.length) {
			const relations = [...new Set(frontier.flatMap((k) => relationsOf.get(k) ?? []))];
			if (hideSmallestIn(relations)) return true;
			frontier = relations.flatMap((r) => [r.total, ...r.parts]).filter((k) => !seen.has(k) && hidden.has(k));
			for (const k of frontier) seen.add(k);
		}
		return false;
	}

	/**
	 * The hidden keys whose value follows from the relations and the visible figures: those whose
	 * unit vector lies in the row space of the relations over the hidden keys, i.e. a row of the
	 * reduced row echelon form with a single non-zero entry.
	 */
	private determined(hidden: Set<string>): string[] {
		const unknowns = [...hidden].filter((k) => this.values.has(k));
		const column = new Map(unknowns.map((k, i) => [k, i]));
		const rows: number[][] = [];
		for (const r of this.relations) {
			const row = new Array<number>(unknowns.length).fill(0);
			let any = false;
			if (column.has(r.total)) {
				row[column.get(r.total)!] += 1;
				any = true;
			}
			for (const p of r.parts)
				if (column.has(p)) {
					row[column.get(p)!] -= 1;
					any = true;
				}
			if (any) rows.push(row);
		}
		const pivotRows = reducedRowEchelon(rows, unknowns.length);
		const found: string[] = [];
		for (const row of pivotRows) {
			const nonZero = row.flatMap((v, i) => (Math.abs(v) > EPSILON ? [i] : []));
			if (nonZero.length === 1) found.push(unknowns[nonZero[0]]);
		}
		return found;
	}
}

/** Gauss-Jordan elimination in place; returns the non-zero rows. */
export function reducedRowEchelon(rows: number[][], width: number): number[][] {
	let lead = 0;
	const m = rows.length;
	for (let r = 0; r < m && lead < width; lead++) {
		let pivot = r;
		for (let i = r + 1; i < m; i++) if (Math.abs(rows[i][lead]) > Math.abs(rows[pivot][lead])) pivot = i;
		if (Math.abs(rows[pivot][lead]) < EPSILON) continue;
		[rows[r], rows[pivot]] = [rows[pivot], rows[r]];
		const p = rows[r][lead];
		for (let j = 0; j < width; j++) rows[r][j] /= p;
		for (let i = 0; i < m; i++) {
			if (i === r) continue;
			const f = rows[i][lead];
			if (Math.abs(f) < EPSILON) continue;
			for (let j = 0; j < width; j++) rows[i][j] -= f * rows[r][j];
		}
		r++;
	}
	return rows.filter((row) => row.some((v) => Math.abs(v) > EPSILON));
}

export interface ProtectedTable {
	/** null: hidden ("färre än N", or hidden so that such a figure cannot be worked out). */
	cells: (number | null)[][];
	rowTotals: (number | null)[] | null;
	columnTotals: (number | null)[] | null;
}

/**
 * The disclosure rule for one table with its published row and column totals (rows and columns
 * are, e.g., areas and categories). Tables that share figures belong in one Disclosure instead.
 */
export function protectTable(cells: number[][], rowTotals: number[] | null, columnTotals: number[] | null, limit: number): ProtectedTable {
	const d = new Disclosure(limit);
	const width = cells[0]?.length ?? 0;
	cells.forEach((row, r) => row.forEach((n, c) => d.count(`${r}:${c}`, n)));
	rowTotals?.forEach((n, r) =>
		d.count(`r${r}`, n).sum(
			`r${r}`,
			cells[r].map((_, c) => `${r}:${c}`)
		)
	);
	columnTotals?.forEach((n, c) =>
		d.count(`c${c}`, n).sum(
			`c${c}`,
			cells.map((_, r) => `${r}:${c}`)
		)
	);
	const shown = d.solve();
	return {
		cells: cells.map((row, r) => row.map((_, c) => shown.value(`${r}:${c}`))),
		rowTotals: rowTotals ? rowTotals.map((_, r) => shown.value(`r${r}`)) : null,
		columnTotals: columnTotals ? Array.from({ length: width }, (_, c) => shown.value(`c${c}`)) : null
	};
}

import { describe, expect, it } from 'vitest';
import { Disclosure, protectTable } from './disclosure';
import { attack, type KnownSum } from './disclosure.attack';
import { seededRandom } from './seeded-random';

/** A table with published row and column totals, as keys and sums for the attacker. */
function tableSums(rows: number, columns: number): KnownSum[] {
	const sums: KnownSum[] = [];
	for (let r = 0; r < rows; r++) sums.push({ total: `r${r}`, parts: Array.from({ length: columns }, (_, c) => `${r}:${c}`) });
	for (let c = 0; c < columns; c++) sums.push({ total: `c${c}`, parts: Array.from({ length: rows }, (_, r) => `${r}:${c}`) });
	return sums;
}

function shownOf(table: ReturnType<typeof protectTable>): Map<string, number | null> {
	const shown = new Map<string, number | null>();
	table.cells.forEach((row, r) => row.forEach((v, c) => shown.set(`${r}:${c}`, v)));
	table.rowTotals?.forEach((v, r) => shown.set(`r${r}`, v));
	table.columnTotals?.forEach((v, c) => shown.set(`c${c}`, v));
	return shown;
}

describe('the disclosure rule', () => {
	it('suppresses counts under the limit and hides one more figure where a total would give a hidden one away', () => {
		// Area 1 has one small count (3): with its total 33 shown, 33 − 20 − 10 = 3, so its smallest
		// other count (10) goes too. Then columns 2 and 3 each have one hidden figure under a
		// published total, so their smallest other counts go as well.
		const table = protectTable(
			[
				[20, 3, 10],
				[50, 40, 30]
			],
			[33, 120],
			[70, 43, 40],
			5
		);
		expect(table.cells).toEqual([
			[20, null, null],
			[50, null, null]
		]);
		expect(table.rowTotals).toEqual([33, 120]);
		expect(table.columnTotals).toEqual([70, 43, 40]);
		expect(attack(shownOf(table), tableSums(2, 3)).size).toBe(0);
	});

	it('leaves zeros and counts at the limit alone, and a table without small counts untouched', () => {
		expect(protectTable([[0, 5, 7]], [12], null, 5).cells).toEqual([[0, 5, 7]]);
		expect(protectTable([[4, 0, 9]], [13], null, 5).cells).toEqual([[null, null, 9]]);
		// A higher limit, as the configuration allows.
		expect(protectTable([[8, 12, 20]], [40], null, 10).cells).toEqual([[null, null, 20]]);
		expect(protectTable([[2]], [2], null, 5)).toEqual({ cells: [[null]], rowTotals: [null], columnTotals: null });
		// Without published row totals only the columns constrain: years of a trend under the year's total.
		expect(protectTable([[3], [9], [12]], null, [24], 5).cells).toEqual([[null], [null], [12]]);
	});

	it('hides a figure shown in two tables in both, and follows a hidden total across tables', () => {
		// The trend's 2025 column is also the column totals of the 2025 areas × categories table.
		const d = new Disclosure(5);
		d.count('y', 30).count('c:a', 6).count('c:b', 24).sum('y', ['c:a', 'c:b']);
		d.count('x:a', 2).count('z:a', 4).count('x:b', 14).count('z:b', 10);
		d.sum('c:a', ['x:a', 'z:a']).sum('c:b', ['x:b', 'z:b']);
		const shown = d.solve();
		expect(shown.hidden('x:a') && shown.hidden('z:a')).toBe(true);
		const visible = new Map(['y', 'c:a', 'c:b', 'x:a', 'z:a', 'x:b', 'z:b'].map((k) => [k, shown.value(k)]));
		const sums = [
			{ total: 'y', parts: ['c:a', 'c:b'] },
			{ total: 'c:a', parts: ['x:a', 'z:a'] },
			{ total: 'c:b', parts: ['x:b', 'z:b'] }
		];
		expect(attack(visible, sums).size).toBe(0);
	});

	it('protects against a hidden total that two tables add up to (areas and categories of one period)', () => {
		// The period's total is not shown, but areas and categories both add up to it: with one
		// small area, "all categories − the other areas" would give it away.
		const d = new Disclosure(5);
		d.hiddenTotal('period', 40);
		d.count('area1', 3).count('area2', 37).count('cat1', 15).count('cat2', 25);
		d.sum('period', ['area1', 'area2']).sum('period', ['cat1', 'cat2']);
		const shown = d.solve();
		const visible = new Map(['area1', 'area2', 'cat1', 'cat2'].map((k) => [k, shown.value(k)]));
		const sums = [
			{ total: 'period', parts: ['area1', 'area2'] },
			{ total: 'period', parts: ['cat1', 'cat2'] }
		];
		expect(shown.hidden('area1')).toBe(true);
		expect([...attack(visible, sums).keys()].filter((k) => k !== 'period')).toEqual([]);
	});

	it('withstands every subtraction in random tables, where hiding the small counts alone does not', () => {
		const random = seededRandom(20260601);
		let naiveBroken = 0;
		for (let round = 0; round < 60; round++) {
			const rows = 2 + Math.floor(random() * 6);
			const columns = 2 + Math.floor(random() * 6);
			const cells = Array.from({ length: rows }, () =>
				Array.from({ length: columns }, () => (random() < 0.35 ? Math.floor(random() * 5) : Math.floor(random() * 60)))
			);
			const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
			const columnTotals = cells[0].map((_, c) => cells.reduce((a, row) => a + row[c], 0));
			const table = protectTable(cells, rowTotals, columnTotals, 5);
			const found = attack(shownOf(table), tableSums(rows, columns));
			expect([...found.keys()], `round ${round}`).toEqual([]);
			// The weak rule: the same table with only the small counts hidden.
			const naive = new Map<string, number | null>();
			cells.forEach((row, r) => row.forEach((v, c) => naive.set(`${r}:${c}`, v > 0 && v < 5 ? null : v)));
			rowTotals.forEach((v, r) => naive.set(`r${r}`, v > 0 && v < 5 ? null : v));
			columnTotals.forEach((v, c) => naive.set(`c${c}`, v > 0 && v < 5 ? null : v));
			const broken = attack(naive, tableSums(rows, columns));
			for (const [key, value] of broken) {
				// What the attacker works out is the true figure.
				const [r, c] = key.split(':').map(Number);
				if (key.includes(':')) expect(value).toBe(cells[r][c]);
			}
			if (broken.size) naiveBroken++;
		}
		// The attacker is real: it breaks most tables that only hide small counts.
		expect(naiveBroken).toBeGreaterThan(30);
	});
});

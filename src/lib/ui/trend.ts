/**
 * The change from the previous period to the latest, in per cent: the last two periods that both
 * have a value are compared. null when there are not two such periods or the earlier one is zero
 * (a change from nothing has no percentage).
 */
export function trendChange(values: readonly (number | null)[]): number | null {
	const present = values.filter((v): v is number => v !== null);
	if (present.length < 2) return null;
	const [before, latest] = present.slice(-2);
	if (before === 0) return null;
	return ((latest - before) / Math.abs(before)) * 100;
}

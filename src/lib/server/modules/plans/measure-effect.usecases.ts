import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { NotFoundError } from '../../platform/errors';
import { countEvents } from '../situation/public';
import { listAreaRows } from '../situation/public';
import { compareBeforeAfter, type MonthlyCount } from './measure-effect.models';
import { getPlan } from './plans.usecases';

const placeKey = (name: string) =>
	name
		.replace(/\s*\(.*?\)\s*/g, ' ')
		.trim()
		.toLocaleLowerCase('sv-SE');

/**
 * The effect view of one measure: crime in its target places the year before and after its
 * start, against places of the same kind that no measure of the plan targets. Why there is no
 * comparison (no start date, no places, no events) is said rather than shown as zeros.
 */
export async function measureEffect(options: {
	db: Db;
	actor: Actor;
	planId: string;
	municipalityId: string;
	measureId: string;
	category?: string | null;
	months?: number;
}) {
	const { db } = options;
	const plan = await getPlan({ db, actor: options.actor, planId: options.planId, municipalityId: options.municipalityId });
	const focusArea = plan.focusAreas.find((a) => a.measures.some((m) => m.id === options.measureId));
	const measure = focusArea?.measures.find((m) => m.id === options.measureId);
	if (!focusArea || !measure) throw new NotFoundError('plans.measure_not_found');
	const summary = { id: measure.id, title: measure.title, startDate: measure.startDate, targetAreas: measure.targetAreas, focusAreaId: focusArea.id };
	const areas = (await listAreaRows(db, options.municipalityId)).filter((a) => a.kind !== 'kommun');
	const wanted = new Set(measure.targetAreas.map(placeKey));
	const targets = areas.filter((a) => wanted.has(placeKey(a.name)));
	if (!measure.startDate) return { status: 'no_start' as const, measure: summary };
	if (targets.length === 0) return { status: 'no_areas' as const, measure: summary };
	const targetedByAny = new Set(plan.focusAreas.flatMap((a) => a.measures.flatMap((m) => m.targetAreas.map(placeKey))));
	const kinds = new Set(targets.map((t) => t.kind));
	const comparisons = areas.filter((a) => kinds.has(a.kind) && !targetedByAny.has(placeKey(a.name)));
	const categories = (await countEvents(db, ['category'], { municipalityId: options.municipalityId, from: null, to: null })).map((r) => String(r.category));
	const category = options.category && categories.includes(options.category) ? options.category : null;
	const months = options.months ?? 12;
	const from = `${Number(measure.startDate.slice(0, 4)) - Math.ceil(months / 12) - 1}-01-01`;
	const rows: MonthlyCount[] = (
		await countEvents(db, ['area', 'year', 'month'], { municipalityId: options.municipalityId, from, to: null, categories: category ? [category] : null })
	).map((r) => ({
		area: String(r.area),
		year: Number(r.year),
		month: Number(r.month),
		count: Number(r.count)
	}));
	const comparison = compareBeforeAfter({
		rows,
		start: measure.startDate,
		months,
		targetIds: targets.map((t) => t.id),
		comparisonIds: comparisons.map((c) => c.id),
		names: new Map(areas.map((a) => [a.id, a.name]))
	});
	if (!comparison || comparison.window.months === 0) return { status: 'no_data' as const, measure: summary, categories, category };
	return { status: 'ok' as const, measure: summary, categories, category, comparison };
}

/**
 * What changed between two versions of a plan (a stored revision and the plan now, or two
 * revisions): per measure, the fields whose text differs. Measures and focus areas are matched
 * on their ids, so a reworded measure is a change, not a removal plus an addition. Pure.
 */
import type { PlanView } from './plans.usecases';

export type PlanSnapshot = Pick<PlanView, 'title' | 'period' | 'status' | 'focusAreas'>;

export interface FieldChange {
	field: string;
	label: string;
	before: string;
	after: string;
}

export interface MeasureChange {
	focusArea: string;
	measureId: string;
	title: string;
	kind: 'added' | 'removed' | 'changed';
	fields: FieldChange[];
}

type Measure = PlanSnapshot['focusAreas'][number]['measures'][number];

const MEASURE_FIELDS: { field: string; label: string; text: (m: Measure, problems: Map<string, string>) => string }[] = [
	{ field: 'title', label: 'Rubrik', text: (m) => m.title },
	{ field: 'description', label: 'Åtgärd', text: (m) => m.description },
	{ field: 'time', label: 'Tid', text: (m) => m.time },
	{
		field: 'dates',
		label: 'Tolkad tid',
		text: (m) => [m.ongoing ? 'pågående' : '', m.startDate ? `från ${m.startDate}` : '', m.endDate ? `till ${m.endDate}` : ''].filter(Boolean).join(', ')
	},
	{ field: 'scope', label: 'Omfattning', text: (m) => m.scope },
	{ field: 'targetAreas', label: 'Målområden', text: (m) => (m.targetAreas ?? []).join(', ') },
	{ field: 'responsible', label: 'Ansvariga', text: (m) => m.responsible.map((r) => `${r.organisation}${r.lead ? ' (huvudansvarig)' : ''}`).join(', ') },
	{
		field: 'cost',
		label: 'Kostnad',
		text: (m) => [m.cost, m.costAmount !== null && m.costAmount !== undefined ? `${m.costAmount} kr` : '', m.fundingSource ?? ''].filter(Boolean).join(' · ')
	},
	{ field: 'goal', label: 'Mål', text: (m) => m.goal },
	{
		field: 'indicators',
		label: 'Indikatorer',
		text: (m) => (m.indicators ?? []).map((i) => `${i.name}: ${i.baseline ?? '–'} → ${i.target ?? '–'} ${i.unit}`.trim()).join('; ')
	},
	{ field: 'followUp', label: 'Uppföljning', text: (m) => m.followUp },
	{ field: 'factors', label: 'Risk- och skyddsfaktorer', text: (m) => [...(m.factors ?? [])].sort().join(', ') },
	{ field: 'problems', label: 'Problem som åtgärden svarar mot', text: (m, problems) => (m.problemIds ?? []).map((id) => problems.get(id) ?? id).join('; ') }
];

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

export function diffPlans(before: PlanSnapshot, after: PlanSnapshot): { plan: FieldChange[]; measures: MeasureChange[] } {
	const plan: FieldChange[] = [];
	for (const [field, label] of [
		['title', 'Titel'],
		['period', 'Period'],
		['status', 'Status']
	] as const) {
		const b = String(before[field] ?? '');
		const a = String(after[field] ?? '');
		if (norm(b) !== norm(a)) plan.push({ field, label, before: b, after: a });
	}
	const problems = new Map([...before.focusAreas, ...after.focusAreas].flatMap((area) => area.problems.map((p) => [p.id, p.text] as const)));
	const located = (snapshot: PlanSnapshot) =>
		new Map(snapshot.focusAreas.flatMap((area) => area.measures.map((m) => [m.id, { area: area.title, m }] as const)));
	const old = located(before);
	const now = located(after);
	const measures: MeasureChange[] = [];
	for (const [id, { area, m }] of now) {
		const previous = old.get(id);
		if (!previous) {
			measures.push({ focusArea: area, measureId: id, title: m.title, kind: 'added', fields: [] });
			continue;
		}
		const fields = MEASURE_FIELDS.map((f) => ({ field: f.field, label: f.label, before: f.text(previous.m, problems), after: f.text(m, problems) })).filter(
			(f) => norm(f.before) !== norm(f.after)
		);
		if (previous.area !== area) fields.unshift({ field: 'focusArea', label: 'Fokusområde', before: previous.area, after: area });
		if (fields.length) measures.push({ focusArea: area, measureId: id, title: m.title, kind: 'changed', fields });
	}
	for (const [id, { area, m }] of old) if (!now.has(id)) measures.push({ focusArea: area, measureId: id, title: m.title, kind: 'removed', fields: [] });
	return { plan, measures };
}

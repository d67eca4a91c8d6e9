/** The edit form of a measure as strings and lists, the shape both the page and updateMeasure's input take. */
export interface MeasureFormValues {
	title: string;
	description: string;
	time: string;
	startDate: string;
	endDate: string;
	ongoing: boolean;
	scope: string;
	targetAreas: string[];
	cost: string;
	costAmount: string;
	fundingSource: string;
	goal: string;
	indicators: { name: string; unit: string; baseline: string; target: string }[];
	followUp: string;
	responsible: { organisationId: string; lead: boolean }[];
	problemIds: string[];
	factors: string[];
	reason: string;
}

interface StoredMeasure {
	title: string;
	description: string;
	time: string;
	startDate: string | null;
	endDate: string | null;
	ongoing: boolean;
	scope: string;
	targetAreas: string[];
	cost: string;
	costAmount: number | null;
	fundingSource: string | null;
	goal: string;
	indicators: { name: string; unit: string; baseline: number | null; target: number | null }[];
	followUp: string;
	responsible: { organisationId: string; lead: boolean }[];
	problemIds: string[];
	factors: string[];
}

const text = (value: number | null) => (value === null ? '' : String(value));

/** A stored measure as the form shows it before anything is changed. */
export function measureFormValues(m: StoredMeasure): MeasureFormValues {
	return {
		title: m.title,
		description: m.description,
		time: m.time,
		startDate: m.startDate ?? '',
		endDate: m.endDate ?? '',
		ongoing: m.ongoing,
		scope: m.scope,
		targetAreas: m.targetAreas,
		cost: m.cost,
		costAmount: text(m.costAmount),
		fundingSource: m.fundingSource ?? '',
		goal: m.goal,
		indicators: m.indicators.map((i) => ({ name: i.name, unit: i.unit, baseline: text(i.baseline), target: text(i.target) })),
		followUp: m.followUp,
		responsible: m.responsible.map((r) => ({ organisationId: r.organisationId, lead: r.lead })),
		problemIds: m.problemIds,
		factors: m.factors,
		reason: ''
	};
}

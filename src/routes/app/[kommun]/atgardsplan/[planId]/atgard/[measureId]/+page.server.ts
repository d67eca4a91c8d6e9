import { error, fail, redirect } from '@sveltejs/kit';
import { listOrganisations } from '$lib/server/modules/organisations/organisations.usecases';
import { suggestTargetAreas, updateMeasure, type UpdateMeasureInput } from '$lib/server/modules/plans/plan-editing.usecases';
import { getPlan } from '$lib/server/modules/plans/plans.usecases';
import { measureEvidence } from '$lib/server/modules/situation/report/situation-report.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const plan = await asHttpError(() => getPlan({ db, actor, planId: event.params.planId, municipalityId: municipality.id }));
	const measure = plan.focusAreas.flatMap((a) => a.measures).find((m) => m.id === event.params.measureId);
	if (!measure) error(404, { message: 'Åtgärden finns inte i planen.', code: 'plans.measure_not_found' });
	const organisations = (await listOrganisations({ db, actor, municipalityId: municipality.id })).map((o) => ({
		id: o.id,
		name: o.name,
		toConfirm: o.needsConfirmation
	}));
	const placeSuggestions = (await suggestTargetAreas({ db, actor, municipalityId: municipality.id, text: `${measure.scope}\n${measure.description}` })).filter(
		(p) => !measure.targetAreas.includes(p)
	);
	// The evidence behind the measure: its focus area in the lägesbild, with the figures for its places and crimes.
	const evidence = await asHttpError(() =>
		measureEvidence({ db, actor, municipality, planId: plan.id, focusAreaId: plan.focusAreas.find((a) => a.measures.includes(measure))!.id })
	);
	return {
		evidence,
		placeSuggestions,
		plan: { id: plan.id, title: plan.title, status: plan.status, focusAreas: plan.focusAreas.map((a) => ({ id: a.id, title: a.title, problems: a.problems })) },
		measure,
		organisations
	};
};

const lines = (value: FormDataEntryValue | null) =>
	String(value ?? '')
		.split(/\r?\n|,/)
		.map((s) => s.trim())
		.filter(Boolean);

/** The form as the use case's input; indicator rows left blank are not indicators. */
function inputFrom(form: FormData): UpdateMeasureInput {
	const text = (name: string) => String(form.get(name) ?? '');
	const indicatorRows = form.getAll('indicatorRow').map(String);
	const lead = text('lead');
	return {
		title: text('title'),
		description: text('description'),
		time: text('time'),
		startDate: text('startDate'),
		endDate: text('endDate'),
		ongoing: form.get('ongoing') === 'on',
		scope: text('scope'),
		targetAreas: lines(form.get('targetAreas')),
		cost: text('cost'),
		costAmount: text('costAmount').trim(),
		fundingSource: text('fundingSource'),
		goal: text('goal'),
		indicators: indicatorRows
			.map((i) => ({
				name: text(`indicator-name-${i}`),
				unit: text(`indicator-unit-${i}`),
				baseline: text(`indicator-baseline-${i}`).trim(),
				target: text(`indicator-target-${i}`).trim()
			}))
			.filter((i) => i.name.trim() || i.baseline || i.target),
		followUp: text('followUp'),
		responsible: form.getAll('responsible').map((id) => ({ organisationId: String(id), lead: String(id) === lead })),
		problemIds: form.getAll('problemIds').map(String),
		factors: form.getAll('factors').map(String),
		reason: text('reason')
	};
}

/** Schema paths (indicators.0.name) as the form's field names (indicator-name-0). */
const fieldName = (path: string) => path.replace(/^indicators\.(\d+)\.(\w+)$/, 'indicator-$2-$1');

export const actions: Actions = {
	default: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const input = inputFrom(await event.request.formData());
		const result = await orInvalid(
			() =>
				updateMeasure({
					db,
					actor,
					planId: event.params.planId,
					measureId: event.params.measureId,
					municipalityId: municipality.id,
					input,
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError)
			return fail(400, { values: input, errors: Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [fieldName(k), v])) });
		redirect(303, `/app/${municipality.slug}/atgardsplan/${event.params.planId}?sparad=${event.params.measureId}#m-${event.params.measureId}`);
	}
};

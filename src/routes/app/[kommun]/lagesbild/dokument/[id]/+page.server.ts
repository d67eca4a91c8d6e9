import { fail, redirect } from '@sveltejs/kit';
import {
	adoptReport,
	createReport,
	deleteReport,
	getReport,
	removeReportFocusArea,
	saveReportFocusArea,
	setPlanReport,
	setReportPublished,
	updateReport
} from '$lib/server/modules/situation/report/situation-report.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const view = await asHttpError(() => getReport({ db, actor, municipality, reportId: event.params.id, config: app.config }));
	// The snapshot is already in `figures`: it is not sent twice.
	const { snapshot: _snapshot, ...report } = view.report;
	return { ...view, report, saved: event.url.searchParams.get('sparad') };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
const SECTION_FIELDS = ['summary', 'sourcesUsed', 'sourcesLeftOut', 'crimeText', 'unsafetyText', 'socioeconomicText', 'analysisText'] as const;
const lines = (value: string) =>
	value
		.split(/\r?\n/)
		.map((s) => s.trim())
		.filter(Boolean);

export const actions: Actions = {
	save: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const head = { title: text(form, 'title'), periodFrom: text(form, 'periodFrom'), periodTo: text(form, 'periodTo') };
		const sections = Object.fromEntries(SECTION_FIELDS.map((f) => [f, text(form, f)])) as Record<(typeof SECTION_FIELDS)[number], string>;
		const result = await orInvalid(
			() => updateReport({ db, actor, municipalityId: municipality.id, reportId: event.params.id, head, sections, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { form: 'save', values: { ...head, ...sections }, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}?sparad=text`);
	},
	focusArea: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const focusAreaId = text(form, 'focusAreaId') || null;
		const input = {
			title: text(form, 'title'),
			rationale: text(form, 'rationale'),
			problems: lines(text(form, 'problems')),
			areaIds: form.getAll('areaIds').map(String),
			categories: form.getAll('categories').map(String)
		};
		const result = await orInvalid(
			() => saveReportFocusArea({ db, actor, municipalityId: municipality.id, reportId: event.params.id, focusAreaId, input, ip: clientIp(event) }),
			ValidationError
		);
		if (result instanceof ValidationError)
			return fail(400, { form: `focus-${focusAreaId ?? 'new'}`, values: { ...input, problems: text(form, 'problems') }, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}?sparad=fokus#fa-${result}`);
	},
	removeFocusArea: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		await asHttpError(() =>
			removeReportFocusArea({
				db,
				actor,
				municipalityId: municipality.id,
				reportId: event.params.id,
				focusAreaId: text(form, 'focusAreaId'),
				ip: clientIp(event)
			})
		);
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}#fokusomraden`);
	},
	adopt: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const input = { body: text(form, 'body'), date: text(form, 'date'), paragraph: text(form, 'paragraph') };
		const result = await orInvalid(() => adoptReport({ db, actor, municipality, reportId: event.params.id, input, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { form: 'adopt', values: input, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}?sparad=antagen`);
	},
	publish: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		await asHttpError(() =>
			setReportPublished({
				db,
				actor,
				municipalityId: municipality.id,
				reportId: event.params.id,
				published: text(form, 'published') === 'ja',
				ip: clientIp(event)
			})
		);
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}#publicering`);
	},
	linkPlan: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const result = await orInvalid(
			() =>
				setPlanReport({
					db,
					actor,
					municipalityId: municipality.id,
					planId: text(form, 'planId'),
					reportId: text(form, 'unlink') === 'ja' ? null : event.params.id,
					ip: clientIp(event)
				}),
			ValidationError
		);
		if (result instanceof ValidationError) return fail(400, { form: 'linkPlan', values: {}, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${event.params.id}#planer`);
	},
	startNext: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const input = { title: text(form, 'title'), periodFrom: text(form, 'periodFrom'), periodTo: text(form, 'periodTo') };
		const result = await orInvalid(() => createReport({ db, actor, municipality, input, basedOnId: event.params.id, ip: clientIp(event) }), ValidationError);
		if (result instanceof ValidationError) return fail(400, { form: 'startNext', values: input, errors: result.fieldErrors });
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument/${result}`);
	},
	delete: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		await asHttpError(() => deleteReport({ db, actor, municipalityId: municipality.id, reportId: event.params.id, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument`);
	}
};

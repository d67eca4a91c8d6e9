import { redirect } from '@sveltejs/kit';
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
import { adoptionSchema, reportHeadSchema } from '$lib/server/modules/situation/report/situation-report.models';
import { formAction, textOf as text } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	const view = await asHttpError(() => getReport({ db, actor, municipality, reportId: event.params.id, config: app.config }));
	// The snapshot is already in `figures`: it is not sent twice.
	const { snapshot: _snapshot, ...report } = view.report;
	return { ...view, report, saved: event.url.searchParams.get('sparad') };
};

const SECTION_FIELDS = ['summary', 'sourcesUsed', 'sourcesLeftOut', 'crimeText', 'unsafetyText', 'socioeconomicText', 'analysisText'] as const;
const lines = (value: string) =>
	value
		.split(/\r?\n/)
		.map((s) => s.trim())
		.filter(Boolean);
const manage = (event: RequestEvent) => requireMunicipality(event, 'municipality.manage');
const documentUrl = (slug: string, id: string, rest = '') => `/app/${slug}/lagesbild/dokument/${id}${rest}`;
const readHead = (form: FormData) => ({ title: text(form, 'title'), periodFrom: text(form, 'periodFrom'), periodTo: text(form, 'periodTo') });

export const actions: Actions = {
	save: formAction({
		guard: manage,
		form: 'save',
		read: (form) => ({
			...readHead(form),
			...(Object.fromEntries(SECTION_FIELDS.map((f) => [f, text(form, f)])) as Record<(typeof SECTION_FIELDS)[number], string>)
		}),
		run: ({ actor, municipality, db }, { title, periodFrom, periodTo, ...sections }, event) =>
			updateReport({
				db,
				actor,
				municipalityId: municipality.id,
				reportId: event.params.id!,
				head: { title, periodFrom, periodTo },
				sections,
				ip: clientIp(event)
			}),
		redirect: (_, { municipality }, event) => documentUrl(municipality.slug, event.params.id!, '?sparad=text')
	}),
	focusArea: formAction({
		guard: manage,
		read: (form: FormData) => ({
			focusAreaId: text(form, 'focusAreaId'),
			title: text(form, 'title'),
			rationale: text(form, 'rationale'),
			problems: text(form, 'problems'),
			areaIds: form.getAll('areaIds').map(String),
			categories: form.getAll('categories').map(String)
		}),
		// One form per focus area on the page, and one for a new one.
		form: (raw) => `focus-${raw.focusAreaId || 'new'}`,
		run: ({ actor, municipality, db }, { focusAreaId, problems, ...input }, event) =>
			saveReportFocusArea({
				db,
				actor,
				municipalityId: municipality.id,
				reportId: event.params.id!,
				focusAreaId: focusAreaId || null,
				input: { ...input, problems: lines(problems) },
				ip: clientIp(event)
			}),
		redirect: (id, { municipality }, event) => documentUrl(municipality.slug, event.params.id!, `?sparad=fokus#fa-${id}`)
	}),
	removeFocusArea: async (event) => {
		const { actor, municipality, db } = await manage(event);
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
		redirect(303, documentUrl(municipality.slug, event.params.id, '#fokusomraden'));
	},
	adopt: formAction({
		guard: manage,
		form: 'adopt',
		read: (form) => ({ body: text(form, 'body'), date: text(form, 'date'), paragraph: text(form, 'paragraph') }),
		schema: adoptionSchema,
		run: ({ actor, municipality, db }, input, event) => adoptReport({ db, actor, municipality, reportId: event.params.id!, input, ip: clientIp(event) }),
		redirect: (_, { municipality }, event) => documentUrl(municipality.slug, event.params.id!, '?sparad=antagen')
	}),
	publish: async (event) => {
		const { actor, municipality, db } = await manage(event);
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
		redirect(303, documentUrl(municipality.slug, event.params.id, '#publicering'));
	},
	linkPlan: formAction({
		guard: manage,
		form: 'linkPlan',
		read: (form) => ({ planId: text(form, 'planId'), unlink: text(form, 'unlink') === 'ja' }),
		run: ({ actor, municipality, db }, { planId, unlink }, event) =>
			setPlanReport({ db, actor, municipalityId: municipality.id, planId, reportId: unlink ? null : event.params.id!, ip: clientIp(event) }),
		redirect: (_, { municipality }, event) => documentUrl(municipality.slug, event.params.id!, '#planer')
	}),
	startNext: formAction({
		guard: manage,
		form: 'startNext',
		read: readHead,
		schema: reportHeadSchema,
		run: ({ actor, municipality, db }, input, event) => createReport({ db, actor, municipality, input, basedOnId: event.params.id!, ip: clientIp(event) }),
		redirect: (id, { municipality }) => documentUrl(municipality.slug, id)
	}),
	delete: async (event) => {
		const { actor, municipality, db } = await manage(event);
		await asHttpError(() => deleteReport({ db, actor, municipalityId: municipality.id, reportId: event.params.id, ip: clientIp(event) }));
		redirect(303, `/app/${municipality.slug}/lagesbild/dokument`);
	}
};

import { estOverview, setCategories, setCycleSettings, setParticipants } from '$lib/server/modules/est/est.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	return {
		...(await asHttpError(() => estOverview({ db, actor, municipalityId: municipality.id }))),
		canEdit: decide(actor, 'est.settings.edit', { municipalityId: municipality.id }).allowed,
		canReport: decide(actor, 'est.report.create', { municipalityId: municipality.id }).allowed,
		canImport: decide(actor, 'est.report.import', { municipalityId: municipality.id }).allowed,
		saved: event.url.searchParams.get('sparad')
	};
};

const editor = (event: RequestEvent) => requireMunicipality(event, 'est.settings.edit');
const back = (what: string) => (_: unknown, ctx: { municipality: { slug: string } }) => `/app/${ctx.municipality.slug}/est?sparad=${what}`;

export const actions: Actions = {
	settings: formAction({
		guard: editor,
		form: 'settings',
		read: (data) => ({ cadence: textOf(data, 'cadence'), firstCycleStart: textOf(data, 'firstCycleStart'), retentionMonths: textOf(data, 'retentionMonths') }),
		run: ({ actor, municipality, db }, input, event) => setCycleSettings({ db, actor, municipalityId: municipality.id, input, ip: clientIp(event) }),
		redirect: back('cykel')
	}),
	categories: formAction({
		guard: editor,
		form: 'categories',
		read: (data) => ({ categories: textOf(data, 'categories') }),
		run: ({ actor, municipality, db }, input, event) =>
			setCategories({ db, actor, municipalityId: municipality.id, text: input.categories, ip: clientIp(event) }),
		redirect: back('kategorier')
	}),
	participants: formAction({
		guard: editor,
		form: 'participants',
		read: (data) => ({ organisationIds: data.getAll('organisationId').map(String) }),
		run: ({ actor, municipality, db }, input, event) =>
			setParticipants({ db, actor, municipalityId: municipality.id, organisationIds: input.organisationIds, ip: clientIp(event) }),
		redirect: back('deltagare')
	})
};

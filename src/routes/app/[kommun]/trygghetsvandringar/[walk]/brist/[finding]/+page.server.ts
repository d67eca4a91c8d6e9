import { filesOf } from '$lib/server/modules/walks/walks.forms';
import { findingLinks, findingToMeasure, linkFinding } from '$lib/server/modules/walks/walks.links';
import { assignFinding, changeFindingState, findingDetail, recheckFinding, setPhotoPublication } from '$lib/server/modules/walks/walks.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const detail = await asHttpError(() =>
		findingDetail({ db, actor, municipalityId: municipality.id, walkId: event.params.walk, findingId: event.params.finding })
	);
	return {
		...detail,
		links: await asHttpError(() => findingLinks({ db, actor, municipalityId: municipality.id, finding: detail.finding })),
		saved: event.url.searchParams.has('sparad')
	};
};

const findingUrl = (slug: string, walkId: string, findingId: string) => `/app/${slug}/trygghetsvandringar/${walkId}/brist/${findingId}?sparad`;

export const actions: Actions = {
	assign: formAction({
		guard: (event) => requireMunicipality(event, 'walk-finding.assign'),
		form: 'assign',
		read: (data) => ({
			ownerOrganisationId: textOf(data, 'ownerOrganisationId'),
			ownerName: textOf(data, 'ownerName'),
			ownerEmail: textOf(data, 'ownerEmail')
		}),
		run: ({ actor, municipality, db, app }, input, ev) =>
			assignFinding({
				db,
				actor,
				municipalityId: municipality.id,
				municipalitySlug: municipality.slug,
				findingId: ev.params.finding!,
				input,
				config: app.config,
				ip: clientIp(ev)
			}),
		redirect: (_, { municipality }, ev) => findingUrl(municipality.slug, ev.params.walk!, ev.params.finding!)
	}),
	state: async (event) => {
		const [photo] = await filesOf(await event.request.clone().formData(), 'photo');
		return formAction({
			guard: (ev) => requireMunicipality(ev, 'walk.read'),
			form: 'state',
			read: (data) => ({
				state: textOf(data, 'state'),
				plannedOn: textOf(data, 'plannedOn'),
				note: textOf(data, 'note'),
				rejectReason: textOf(data, 'rejectReason')
			}),
			run: ({ actor, municipality, db }, input, ev) =>
				changeFindingState({ db, actor, municipalityId: municipality.id, findingId: ev.params.finding!, input, photo: photo ?? null, ip: clientIp(ev) }),
			redirect: (_, { municipality }, ev) => findingUrl(municipality.slug, ev.params.walk!, ev.params.finding!)
		})(event);
	},
	photo: formAction({
		guard: (event) => requireMunicipality(event, 'walk.publish'),
		form: 'photo',
		read: (data) => ({ photoId: textOf(data, 'photoId'), publishable: textOf(data, 'publishable') === 'ja' }),
		run: ({ actor, municipality, db }, input, ev) =>
			setPhotoPublication({ db, actor, municipalityId: municipality.id, photoId: input.photoId, publishable: input.publishable, ip: clientIp(ev) }),
		redirect: (_, { municipality }, ev) => findingUrl(municipality.slug, ev.params.walk!, ev.params.finding!)
	}),
	link: formAction({
		guard: (event) => requireMunicipality(event, 'walk-finding.assign'),
		form: 'link',
		read: (data) => ({ planMeasureId: textOf(data, 'planMeasureId'), estReportId: textOf(data, 'estReportId') }),
		run: ({ actor, municipality, db }, input, ev) =>
			linkFinding({ db, actor, municipalityId: municipality.id, walkId: ev.params.walk!, findingId: ev.params.finding!, ...input, ip: clientIp(ev) }),
		redirect: (_, { municipality }, ev) => findingUrl(municipality.slug, ev.params.walk!, ev.params.finding!)
	}),
	measure: formAction({
		guard: (event) => requireMunicipality(event, 'walk-finding.assign'),
		form: 'measure',
		read: (data) => ({ target: textOf(data, 'target') }),
		run: ({ actor, municipality, db, app }, input, ev) =>
			findingToMeasure({
				db,
				actor,
				municipalityId: municipality.id,
				municipalitySlug: municipality.slug,
				origin: app.config.origin,
				walkId: ev.params.walk!,
				findingId: ev.params.finding!,
				target: input.target,
				ip: clientIp(ev)
			}),
		redirect: (_, { municipality }, ev) => findingUrl(municipality.slug, ev.params.walk!, ev.params.finding!)
	}),
	/** Posted from the re-walk's page: this (earlier) finding checked on site. */
	recheck: async (event) => {
		const data = await event.request.clone().formData();
		const [photo] = await filesOf(data, 'photo');
		return formAction({
			guard: (ev) => requireMunicipality(ev, 'walk-finding.record'),
			form: 'recheck',
			read: (form) => ({ walkId: textOf(form, 'walkId'), outcome: textOf(form, 'outcome') }),
			run: ({ actor, municipality, db }, input, ev) =>
				recheckFinding({
					db,
					actor,
					municipalityId: municipality.id,
					walkId: input.walkId,
					earlierFindingId: ev.params.finding!,
					outcome: input.outcome,
					photo: photo ?? null,
					ip: clientIp(ev)
				}),
			redirect: (_, { municipality }) => `/app/${municipality.slug}/trygghetsvandringar/${textOf(data, 'walkId')}?kontrollerad#aterbesok`
		})(event);
	}
};

import { filesOf } from '$lib/server/modules/walks/walks.forms';
import { answerThroughOwnerLink, ownerLinkView } from '$lib/server/modules/walks/walks.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, publicMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

// The outside owner answers with plain forms: no account, no JavaScript needed.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	// The token is in the address: kept out of search engines and caches (the site's same-origin
	// referrer policy already keeps it from other sites).
	event.setHeaders({ 'x-robots-tag': 'noindex', 'cache-control': 'private, no-store' });
	const { municipality, db } = await publicMunicipality(event);
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		...(await asHttpError(() => ownerLinkView({ db, municipalityId: municipality.id, token: event.params.token, ip: clientIp(event) }))),
		saved: event.url.searchParams.get('sparad')
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const posted = await event.request.clone().formData();
		const [photo] = await filesOf(posted, 'photo');
		return formAction({
			guard: (ev) => publicMunicipality(ev),
			form: 'answer',
			read: (data) => ({
				findingId: textOf(data, 'findingId'),
				state: textOf(data, 'state'),
				plannedOn: textOf(data, 'plannedOn'),
				note: textOf(data, 'note'),
				rejectReason: ''
			}),
			run: ({ municipality, db }, { findingId, ...input }, ev) =>
				answerThroughOwnerLink({ db, municipalityId: municipality.id, token: ev.params.token!, findingId, input, photo: photo ?? null, ip: clientIp(ev) }),
			redirect: (_, { municipality }, ev) =>
				`/${municipality.slug}/trygghetsvandringar/svar/${ev.params.token}?sparad=${textOf(posted, 'findingId')}#brist-${textOf(posted, 'findingId')}`
		})(event);
	}
};

import { randomBytes } from 'node:crypto';
import { filesOf } from '$lib/server/modules/walks/walks.forms';
import { recordFinding, revokeOwnerLink, scoreStop, setWalkPublished, walkDetail } from '$lib/server/modules/walks/walks.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const view = await asHttpError(() => walkDetail({ db, actor, municipalityId: municipality.id, walkId: event.params.walk }));
	const resource = { municipalityId: municipality.id };
	return {
		...view,
		// Made by the server for each rendering, so the form works without JavaScript and a resent post is stored once.
		clientId: randomBytes(12).toString('base64url'),
		can: {
			plan: decide(actor, 'walk.plan', resource).allowed,
			record: decide(actor, 'walk-finding.record', resource).allowed,
			assign: decide(actor, 'walk-finding.assign', resource).allowed,
			publish: decide(actor, 'walk.publish', resource).allowed
		},
		notice: ['planerad', 'registrerad', 'publicerad', 'betyg', 'aterkallad', 'kontrollerad'].find((key) => event.url.searchParams.has(key)) ?? null
	};
};

const walkGuard = (action: 'walk-finding.record' | 'walk.publish' | 'walk-finding.assign') => (event: Parameters<typeof requireMunicipality>[0]) =>
	requireMunicipality(event, action);
const walkUrl = (slug: string, walkId: string, notice: string) => `/app/${slug}/trygghetsvandringar/${walkId}?${notice}`;

export const actions: Actions = {
	finding: async (event) => {
		const form = await event.request.clone().formData();
		const photos = await filesOf(form, 'photos');
		return formAction({
			guard: walkGuard('walk-finding.record'),
			form: 'finding',
			read: (data) => ({
				clientId: textOf(data, 'clientId'),
				stopId: textOf(data, 'stopId'),
				lat: textOf(data, 'lat'),
				lon: textOf(data, 'lon'),
				category: textOf(data, 'category'),
				description: textOf(data, 'description'),
				proposedMeasure: textOf(data, 'proposedMeasure'),
				notedBy: textOf(data, 'notedBy'),
				previousFindingId: textOf(data, 'previousFindingId')
			}),
			run: ({ actor, municipality, db }, { previousFindingId, ...input }, ev) =>
				recordFinding({
					db,
					actor,
					municipalityId: municipality.id,
					walkId: ev.params.walk!,
					input,
					photos,
					previousFindingId: previousFindingId || null,
					ip: clientIp(ev)
				}),
			redirect: (result, { municipality }, ev) => `${walkUrl(municipality.slug, ev.params.walk!, 'registrerad')}=${result.number}#brist-${result.number}`
		})(event);
	},
	score: formAction({
		guard: walkGuard('walk-finding.record'),
		form: 'score',
		read: (data) => ({ stopId: textOf(data, 'stopId'), scores: [...data.entries()].filter(([key]) => key.startsWith('score:')) }),
		run: async ({ actor, municipality, db }, input, ev) => {
			for (const [key, value] of input.scores) {
				if (!value) continue;
				await scoreStop({
					db,
					actor,
					municipalityId: municipality.id,
					walkId: ev.params.walk!,
					stopId: input.stopId,
					category: key.slice('score:'.length),
					score: Number(value),
					ip: clientIp(ev)
				});
			}
		},
		redirect: (_, { municipality }, ev) => walkUrl(municipality.slug, ev.params.walk!, 'betyg')
	}),
	publish: formAction({
		guard: walkGuard('walk.publish'),
		form: 'publish',
		read: (data) => ({ published: textOf(data, 'published') === 'ja' }),
		run: ({ actor, municipality, db }, input, ev) =>
			setWalkPublished({ db, actor, municipalityId: municipality.id, walkId: ev.params.walk!, published: input.published, ip: clientIp(ev) }),
		redirect: (_, { municipality }, ev) => walkUrl(municipality.slug, ev.params.walk!, 'publicerad')
	}),
	revoke: formAction({
		guard: walkGuard('walk-finding.assign'),
		form: 'revoke',
		read: (data) => ({ linkId: textOf(data, 'linkId') }),
		run: ({ actor, municipality, db }, input, ev) =>
			revokeOwnerLink({ db, actor, municipalityId: municipality.id, walkId: ev.params.walk!, linkId: input.linkId, ip: clientIp(ev) }),
		redirect: (_, { municipality }, ev) => walkUrl(municipality.slug, ev.params.walk!, 'aterkallad')
	})
};

import { escalationsOverview, runEscalationRoutine, setEscalationSettings } from '$lib/server/modules/est/est.escalation.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	return {
		...(await asHttpError(() => escalationsOverview({ db, actor, municipalityId: municipality.id }))),
		canEdit: decide(actor, 'est.escalation.edit', { municipalityId: municipality.id }).allowed,
		saved: event.url.searchParams.get('sparad'),
		raised: event.url.searchParams.get('lyfta')
	};
};

export const actions: Actions = {
	settings: formAction({
		guard: (event) => requireMunicipality(event, 'est.escalation.edit'),
		form: 'settings',
		read: (data) => ({
			repeatCycles: textOf(data, 'repeatCycles'),
			recipientGroup: textOf(data, 'recipientGroup'),
			recipientEmails: textOf(data, 'recipientEmails')
		}),
		run: ({ actor, municipality, db }, input, event) => setEscalationSettings({ db, actor, municipalityId: municipality.id, input, ip: clientIp(event) }),
		redirect: (_, { municipality }) => `/app/${municipality.slug}/est/eskalering?sparad=1`
	}),
	run: formAction({
		guard: (event) => requireMunicipality(event, 'est.escalation.edit'),
		form: 'run',
		read: () => ({}),
		run: ({ actor, municipality, db, app }, _input, event) =>
			runEscalationRoutine({ db, config: app.config, actor, municipality: { id: municipality.id, slug: municipality.slug }, ip: clientIp(event) }),
		redirect: (raised, { municipality }) => `/app/${municipality.slug}/est/eskalering?lyfta=${raised.length}`
	})
};

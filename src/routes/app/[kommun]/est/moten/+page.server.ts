import { createMeeting, meetingsOverview } from '$lib/server/modules/est/est.meetings.usecases';
import { decide } from '$lib/server/platform/authz';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	return {
		...(await asHttpError(() => meetingsOverview({ db, actor, municipalityId: municipality.id }))),
		canEdit: decide(actor, 'est.meeting.edit', { municipalityId: municipality.id }).allowed,
		today: new Date().toISOString().slice(0, 10)
	};
};

export const actions: Actions = {
	create: formAction({
		guard: (event) => requireMunicipality(event, 'est.meeting.edit'),
		form: 'meeting',
		read: (data) => ({ heldOn: textOf(data, 'heldOn'), participantIds: data.getAll('participantIds').map(String), notes: textOf(data, 'notes') }),
		run: ({ actor, municipality, db, app }, input, event) =>
			createMeeting({ db, config: app.config, actor, municipality: { id: municipality.id, slug: municipality.slug }, input, ip: clientIp(event) }),
		redirect: (meeting, { municipality }) => `/app/${municipality.slug}/est/moten/${meeting.id}`
	})
};

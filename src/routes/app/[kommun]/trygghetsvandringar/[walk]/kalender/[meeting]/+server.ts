import { error } from '@sveltejs/kit';
import { WALK_MEETINGS, type WalkMeeting } from '$lib/modules/walks/constants';
import { meetingInvitation } from '$lib/server/modules/walks/walks.calendar';
import { walkDetail } from '$lib/server/modules/walks/walks.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { RequestHandler } from './$types';

const MEETING_TIME = { formote: 'preMeetingAt', vandring: 'walkAt', uppfoljning: 'followUpAt' } as const;

/** The invitation to one of the walk's three meetings, as an .ics file. */
export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'walk.read');
	const meeting = event.params.meeting as WalkMeeting;
	if (!WALK_MEETINGS.includes(meeting)) error(404, { message: 'Sidan finns inte.', code: 'app.not_found' });
	const { walk } = await asHttpError(() => walkDetail({ db, actor, municipalityId: municipality.id, walkId: event.params.walk }));
	const at = walk[MEETING_TIME[meeting]];
	if (!at) error(404, { message: 'Mötet har ingen tid ännu.', code: 'app.not_found' });
	const url = `${event.url.origin}/app/${municipality.slug}/trygghetsvandringar/${walk.id}`;
	return new Response(meetingInvitation({ walk, meeting, at, url, host: event.url.host }), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="trygghetsvandring-${meeting}.ics"`
		}
	});
};

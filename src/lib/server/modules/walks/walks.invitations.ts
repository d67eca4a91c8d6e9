import { WALK_MEETINGS, type WalkMeeting } from '$lib/modules/walks/constants';
import type { DbOrTx } from '../../db/client';
import type { Config } from '../../platform/config';
import type { OutgoingMail } from '../mail/public';
import { meetingInvitation } from './walks.calendar';
import { membersOfOrganisations, type WalkRow } from './walks.repository';

/** What an invitation needs to be sent: where the walk's page is, and how mail goes out. */
export interface InvitationSetup {
	config: Pick<Config, 'origin' | 'smtpUrl' | 'mailFrom'>;
	municipalitySlug: string;
}

type PlannedWalk = Pick<
	WalkRow,
	'id' | 'title' | 'areaName' | 'meetingPlace' | 'organiser' | 'invitedOrganisationIds' | 'preMeetingAt' | 'walkAt' | 'followUpAt'
>;

const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);

const MEETING_FIELD = { formote: 'preMeetingAt', vandring: 'walkAt', uppfoljning: 'followUpAt' } as const;
const MEETING_NAME: Record<WalkMeeting, string> = { formote: 'förmötet', vandring: 'trygghetsvandringen', uppfoljning: 'uppföljningsmötet' };

export const meetingAt = (walk: Pick<PlannedWalk, 'preMeetingAt' | 'walkAt' | 'followUpAt'>, meeting: WalkMeeting) => walk[MEETING_FIELD[meeting]];

const timeText = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' }).format(date);

/**
 * Who gets which meeting's invitation after a plan or a change: on a new plan everyone invited gets
 * every meeting with a date; after a change, a newly invited organisation gets every meeting, and
 * the others get the meetings whose time changed (every meeting when the title, area, meeting place
 * or organiser changed). A meeting without a date is not sent.
 */
export function invitationsToSend(before: PlannedWalk | null, after: PlannedWalk): { organisationIds: string[]; meetings: WalkMeeting[] }[] {
	const dated = WALK_MEETINGS.filter((m) => meetingAt(after, m) !== null);
	if (!before) return after.invitedOrganisationIds.length && dated.length ? [{ organisationIds: after.invitedOrganisationIds, meetings: dated }] : [];
	const earlier = new Set(before.invitedOrganisationIds);
	const added = after.invitedOrganisationIds.filter((id) => !earlier.has(id));
	const kept = after.invitedOrganisationIds.filter((id) => earlier.has(id));
	const described = (['title', 'areaName', 'meetingPlace', 'organiser'] as const).some((key) => before[key] !== after[key]);
	const moved = dated.filter((m) => described || meetingAt(before, m)?.getTime() !== meetingAt(after, m)!.getTime());
	const result: { organisationIds: string[]; meetings: WalkMeeting[] }[] = [];
	if (added.length && dated.length) result.push({ organisationIds: added, meetings: dated });
	if (kept.length && moved.length) result.push({ organisationIds: kept, meetings: moved });
	return result;
}

/**
 * The e-mails of the invitations (one per person and meeting, the meeting's ICS attached), for the
 * invited organisations' members. Built inside the plan's transaction, sent after it.
 */
export async function invitationMails(
	db: DbOrTx,
	municipalityId: string,
	walk: PlannedWalk,
	sends: { organisationIds: string[]; meetings: WalkMeeting[] }[],
	setup: InvitationSetup,
	changed: boolean,
	now = new Date()
): Promise<OutgoingMail[]> {
	const url = `${setup.config.origin}/app/${setup.municipalitySlug}/trygghetsvandringar/${walk.id}`;
	const host = new URL(setup.config.origin).host;
	// Later sends carry a higher sequence (seconds since 2024), so a calendar replaces the event it has.
	const sequence = Math.max(1, Math.floor((now.getTime() - SEQUENCE_EPOCH) / 1000));
	const mails: OutgoingMail[] = [];
	const sentTo = new Set<string>();
	for (const send of sends) {
		for (const member of await membersOfOrganisations(db, municipalityId, send.organisationIds)) {
			for (const meeting of send.meetings) {
				const key = `${member.email}|${meeting}`;
				if (sentTo.has(key)) continue;
				sentTo.add(key);
				const at = meetingAt(walk, meeting)!;
				mails.push({
					to: member.email,
					subject: `${changed ? 'Ändrad inbjudan' : 'Inbjudan'}: ${MEETING_NAME[meeting]} ${timeText(at)} – ${walk.title}`,
					body:
						`Hej ${member.name},\n\n` +
						`${changed ? 'Tiden eller platsen för ' + MEETING_NAME[meeting] + ' har ändrats. ' : ''}` +
						`Din organisation är inbjuden till ${MEETING_NAME[meeting]} för ”${walk.title}” i ${walk.areaName}, ${timeText(at)}.` +
						`${walk.meetingPlace ? ` Samling: ${walk.meetingPlace}.` : ''} Arrangör: ${walk.organiser}.\n\n` +
						`Kalenderinbjudan finns bifogad. Vandringen i Förebygg: ${url}\n`,
					attachments: [
						{
							filename: `trygghetsvandring-${meeting}.ics`,
							contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
							content: meetingInvitation({ walk, meeting, at, url, host, now, sequence })
						}
					]
				});
			}
		}
	}
	return mails;
}

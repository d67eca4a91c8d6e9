import type { WalkMeeting } from '$lib/modules/walks/constants';
import { foldLine, icalText } from '../promises/public';

const MEETING_TITLE: Record<WalkMeeting, string> = {
	formote: 'Förmöte inför trygghetsvandring',
	vandring: 'Trygghetsvandring',
	uppfoljning: 'Uppföljningsmöte efter trygghetsvandring'
};
/** How long each meeting takes: the method's walk is about 2.5 hours. */
const MEETING_MINUTES: Record<WalkMeeting, number> = { formote: 90, vandring: 150, uppfoljning: 120 };

const stamp = (date: Date) =>
	date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');

/**
 * The invitation to one of the walk's meetings (RFC 5545, times in UTC): an event with a stable UID,
 * so a changed time updates the invitation already in the calendar instead of adding a second one.
 */
export function meetingInvitation(options: {
	walk: { id: string; title: string; areaName: string; meetingPlace: string; organiser: string };
	meeting: WalkMeeting;
	at: Date;
	url: string;
	host: string;
	now?: Date;
	/** Raised each time the invitation is sent again after a change, so calendars take the newer one. */
	sequence?: number;
}): string {
	const { walk, meeting, at } = options;
	const end = new Date(at.getTime() + MEETING_MINUTES[meeting] * 60_000);
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Förebygg//Trygghetsvandringar//SV',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		'BEGIN:VEVENT',
		`UID:walk-${walk.id}-${meeting}@${options.host}`,
		`DTSTAMP:${stamp(options.now ?? new Date())}`,
		...(options.sequence ? [`SEQUENCE:${options.sequence}`] : []),
		`DTSTART:${stamp(at)}`,
		`DTEND:${stamp(end)}`,
		`SUMMARY:${icalText(`${MEETING_TITLE[meeting]}: ${walk.title}`)}`,
		`DESCRIPTION:${icalText(`${MEETING_TITLE[meeting]} i ${walk.areaName}. Arrangör: ${walk.organiser}.`)}`,
		...(walk.meetingPlace ? [`LOCATION:${icalText(walk.meetingPlace)}`] : []),
		`URL:${options.url}`,
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(foldLine).join('\r\n') + '\r\n';
}

import { z } from 'zod';
import { FINDING_STATES, OWNER_ANSWER_STATES, type FindingState } from '$lib/modules/walks/constants';

export { DEFAULT_CHECKLIST, FINDING_STATES, OWNER_ANSWER_STATES, RESIDENTS_WARNING_ABOVE, type FindingState } from '$lib/modules/walks/constants';

/**
 * A date and time typed in a form (`2026-05-12T18:00`, from `<input type="datetime-local">`) read
 * as Swedish local time, whatever the server's zone: walks happen in Sweden.
 */
export function stockholmDateTime(local: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi] = match.map(Number);
	const asUtc = Date.UTC(y, mo - 1, d, h, mi);
	if (new Date(asUtc).getUTCDate() !== d) return null;
	// Stockholm's offset at that moment (CET or CEST), found by formatting the UTC guess there.
	const offsetAt = (time: number) => {
		const parts = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Stockholm',
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		}).formatToParts(new Date(time));
		const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
		return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - time;
	};
	const guess = asUtc - offsetAt(asUtc);
	return new Date(asUtc - offsetAt(guess));
}

/** The form's value for a stored moment (Swedish local time, minutes). */
export function toStockholmLocal(date: Date | null): string {
	if (!date) return '';
	const text = new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Stockholm',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).format(date);
	return text.replace(' ', 'T');
}

const localDateTime = (code: string) => z.string().refine((value) => stockholmDateTime(value) !== null, { message: code });
const optionalLocalDateTime = (code: string) => z.string().refine((value) => value.trim() === '' || stockholmDateTime(value) !== null, { message: code });

/** Stops typed one per line, without JavaScript; on the map they also carry a position (`name | lat, lon`). */
export function parseStops(text: string): { name: string; lat: number | null; lon: number | null }[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const [name, position] = line.split('|').map((part) => part.trim());
			const coordinates = position ? /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(position) : null;
			return coordinates ? { name, lat: Number(coordinates[1]), lon: Number(coordinates[2]) } : { name: name || line, lat: null, lon: null };
		});
}

const isPosition = (p: unknown) =>
	Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** A drawn area as posted (GeoJSON polygon, one closed ring of [lon, lat]); null when it is not one. */
export function parseDrawnArea(text: string): { type: 'Polygon'; coordinates: [number, number][][] } | null {
	try {
		const parsed = JSON.parse(text) as { type?: unknown; coordinates?: unknown };
		const ring = Array.isArray(parsed.coordinates) ? (parsed.coordinates[0] as unknown) : null;
		if (parsed.type !== 'Polygon' || !Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return null;
		const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
		if (first[0] !== last[0] || first[1] !== last[1]) return null;
		return { type: 'Polygon', coordinates: [ring as [number, number][]] };
	} catch {
		return null;
	}
}

/** Planning a walk: the form's fields (strings as posted), checked once here and again in the use case. */
export const planWalkSchema = z.object({
	title: z.string().trim().min(1, 'walks.title_required').max(200, 'walks.title_required'),
	areaId: z.string().trim(),
	areaName: z.string().trim().max(200),
	meetingPlace: z.string().trim().max(300),
	organiser: z.string().trim().min(1, 'walks.organiser_required').max(200, 'walks.organiser_required'),
	invitedOrganisationIds: z.array(z.uuid()),
	residentsExpected: z
		.string()
		.trim()
		.regex(/^\d{0,4}$/, 'walks.residents_invalid'),
	preMeetingAt: optionalLocalDateTime('walks.datetime_invalid'),
	walkAt: localDateTime('walks.walk_at_required'),
	followUpAt: optionalLocalDateTime('walks.datetime_invalid'),
	stops: z.string().max(10_000),
	route: z.string().max(200_000),
	/** The area drawn on the map, a GeoJSON polygon (optional: a lägesbild area or a name will do). */
	drawnArea: z.string().max(200_000).optional().default(''),
	previousWalkId: z.string().trim()
});
export type PlanWalkInput = z.infer<typeof planWalkSchema>;

/** A finding as written down on the walk (a form post, or a JSON post from the phone's queue). */
export const recordFindingSchema = z.object({
	clientId: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9_-]{8,64}$/, 'walks.client_id_invalid'),
	stopId: z.string().trim(),
	lat: z.string().trim(),
	lon: z.string().trim(),
	category: z.string().trim().min(1, 'walks.category_required'),
	description: z.string().trim().min(1, 'walks.description_required').max(4000, 'walks.description_required'),
	proposedMeasure: z.string().trim().max(4000),
	notedBy: z.string().trim().max(200)
});
export type RecordFindingInput = z.infer<typeof recordFindingSchema>;

export const assignFindingSchema = z.object({
	ownerOrganisationId: z.string().trim(),
	ownerName: z.string().trim().max(200),
	ownerEmail: z
		.string()
		.trim()
		.max(320)
		.refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), { message: 'walks.owner_email_invalid' })
});
export type AssignFindingInput = z.infer<typeof assignFindingSchema>;

export const changeStateSchema = z.object({
	state: z.enum(FINDING_STATES, { message: 'walks.state_invalid' }),
	plannedOn: z.string().trim(),
	note: z.string().trim().max(4000),
	rejectReason: z.string().trim().max(2000)
});
export type ChangeStateInput = z.infer<typeof changeStateSchema>;

/**
 * Which state changes each party may make. The owner (an owning organisation's staff, or an outside
 * owner through the link) answers; only the coordinator rejects, reopens or records "kvarstår".
 */
export function mayChangeTo(party: 'coordinator' | 'owner', state: FindingState): boolean {
	if (party === 'coordinator') return state !== 'tilldelad';
	return (OWNER_ANSWER_STATES as readonly string[]).includes(state);
}

/** A finding still needs work (shown as open on the follow-up and loaded on a re-walk). */
export const isOpenState = (state: FindingState) => state !== 'atgardad' && state !== 'avvisad';

/** The states in Swedish words, for documents and open data (the UI reads them from the messages). */
export const FINDING_STATE_TEXT: Record<FindingState, string> = {
	ny: 'Ny',
	tilldelad: 'Tilldelad',
	planerad: 'Planerad',
	atgardad: 'Åtgärdad',
	delvis_atgardad: 'Delvis åtgärdad',
	inte_vart_ansvar: 'Inte vårt ansvar',
	avvisad: 'Avvisad',
	kvarstar: 'Kvarstår efter återbesök'
};

/** A resident's report on the public form (anonymous: no name or e-mail is asked for). */
export const residentReportSchema = z.object({
	place: z.string().trim().min(2, 'walks.report_place_required').max(300, 'walks.report_place_required'),
	category: z.string().trim().min(1, 'walks.category_required'),
	description: z.string().trim().min(5, 'walks.report_description_required').max(2000, 'walks.report_description_required')
});
export type ResidentReportInput = z.infer<typeof residentReportSchema>;

/**
 * Open311 GeoReport v2 (issue 13): fault-report and guard-company systems feed EST without double
 * keying. Services are the municipality's EST categories; a request is an EST report filed by the
 * token's user (channel 'open311'), checked exactly as the form checks one (never individuals: a
 * personal identity number is refused). GET returns the caller's own requests with their status,
 * so the sending system can show its users what became of them.
 */
import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor } from '../../platform/authz';
import { NotFoundError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { timeOfDayOfHour } from './est.import';
import { findReport, listReportsOfReporter } from './est.repository';
import { categoriesOf, createReport } from './est.usecases';

/** A category's stable service code: lower case ASCII, words joined by hyphens ("Brand/anlagd brand" → "brand-anlagd-brand"). */
export function serviceCode(category: string): string {
	return category
		.toLocaleLowerCase('sv')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/** GET services.json: one service per EST category of the municipality. */
export async function open311Services(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	return (await categoriesOf(options.db, options.municipalityId)).map((category) => ({
		service_code: serviceCode(category),
		service_name: category,
		description: `EST-rapport: ${category}. Beskriv platsen och situationen, aldrig enskilda personer.`,
		metadata: false,
		type: 'realtime',
		keywords: 'est, trygghet',
		group: 'EST'
	}));
}

/** Today and the time of day in Sweden, for a request that says nothing of when (GeoReport v2 has no such field). */
function swedishNow(now: Date) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
			.formatToParts(now)
			.map((p) => [p.type, p.value])
	);
	return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The parameters of POST requests.json as GeoReport v2 names them (form fields or JSON). */
export interface Open311RequestInput {
	service_code?: string;
	lat?: string;
	long?: string;
	address_string?: string;
	address_id?: string;
	description?: string;
	/** Förebygg's attributes: the effect on safety (1–4, default 2) and the time of day (natt, morgon, dag, kvall). */
	'attribute[paverkan]'?: string;
	'attribute[tid_pa_dygnet]'?: string;
}

/**
 * POST requests.json: the request becomes an EST report. An unknown service code is the category's
 * error; everything else is the form's checks (place, point in Sweden, text without a personal
 * identity number). Returns GeoReport's answer.
 */
export async function open311CreateRequest(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	input: Open311RequestInput;
	ip: string | null;
	now?: Date;
}) {
	const { input } = options;
	const category = (await categoriesOf(options.db, options.municipalityId)).find((c) => serviceCode(c) === (input.service_code ?? '').trim());
	const now = swedishNow(options.now ?? new Date());
	const report = await createReport({
		db: options.db,
		actor: options.actor,
		municipalityId: options.municipalityId,
		input: {
			category: category ?? '',
			place: input.address_string ?? '',
			latitude: input.lat ?? '',
			longitude: input.long ?? '',
			occurredOn: now.date,
			timeOfDay: input['attribute[tid_pa_dygnet]'] || timeOfDayOfHour(now.hour),
			effect: input['attribute[paverkan]'] || '2',
			description: input.description ?? ''
		},
		channel: 'open311',
		ip: options.ip,
		today: now.date
	});
	return [{ service_request_id: report.id, service_notice: 'Mottagen av EST-gruppen. Den behandlas på nästa möte.', account_id: null }];
}

const STATUS_NOTES: Record<string, string> = {
	mottagen: 'Mottagen',
	behandlad: 'Behandlad på EST-gruppens möte',
	atgard_beslutad: 'Åtgärd beslutad',
	atgardad: 'Åtgärdad'
};

type OwnReport = Awaited<ReturnType<typeof listReportsOfReporter>>[number];

function asRequest(report: OwnReport) {
	return {
		service_request_id: report.id,
		status: report.status === 'atgardad' ? 'closed' : 'open',
		status_notes: STATUS_NOTES[report.status] ?? report.status,
		service_name: report.category,
		service_code: serviceCode(report.category),
		description: report.description,
		agency_responsible: 'EST-gruppen',
		service_notice: null,
		requested_datetime: report.reportedAt.toISOString(),
		updated_datetime: null,
		expected_datetime: null,
		address: report.place,
		address_id: null,
		zipcode: null,
		lat: report.latitude,
		long: report.longitude,
		media_url: null
	};
}

/** GET requests.json: the caller's own requests (newest first, at most 1,000), filtered as GeoReport v2 filters them. */
export async function open311Requests(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	filter: { serviceRequestIds?: string[]; serviceCode?: string; status?: string; startDate?: string; endDate?: string };
}) {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	const { filter } = options;
	const codes = filter.serviceCode ? new Set(filter.serviceCode.split(',').map((c) => c.trim())) : null;
	const ids = filter.serviceRequestIds?.length ? new Set(filter.serviceRequestIds) : null;
	// A date alone ends at the end of that day.
	const endDate = filter.endDate && /^\d{4}-\d{2}-\d{2}$/.test(filter.endDate) ? `${filter.endDate}T23:59:59.999Z` : filter.endDate;
	return (await listReportsOfReporter(options.db, options.municipalityId, options.actor.userId, 1000))
		.map(asRequest)
		.filter(
			(r) =>
				(!ids || ids.has(r.service_request_id)) &&
				(!codes || codes.has(r.service_code)) &&
				(!filter.status || filter.status.split(',').includes(r.status)) &&
				(!filter.startDate || r.requested_datetime >= filter.startDate) &&
				(!endDate || r.requested_datetime <= endDate)
		);
}

/** GET requests/{id}.json: one of the caller's own requests (someone else's is as unknown as a missing one). */
export async function open311Request(options: { db: Db; actor: Actor; municipalityId: string; id: string }) {
	requireAccess(options.actor, 'est.report.create', { municipalityId: options.municipalityId });
	const report = isUuid(options.id) ? await findReport(options.db, options.id) : null;
	if (!report || report.municipalityId !== options.municipalityId || report.reportedBy !== options.actor.userId)
		throw new NotFoundError('est.report_not_found');
	return [asRequest(report)];
}

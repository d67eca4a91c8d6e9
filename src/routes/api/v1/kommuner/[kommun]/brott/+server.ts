import { error, json } from '@sveltejs/kit';
import { AREA_KINDS, parseGroupBy, parseIsoDate } from '$lib/server/modules/situation/situation.models';
import { crimeStatistics } from '$lib/server/modules/situation/analysis/statistics.usecases';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import { apiCallerKey, heavyApiLimiter } from '$lib/server/platform/rate-limit';
import { withStatementTimeout } from '$lib/server/platform/shared/shared.repository';
import type { RequestHandler } from './$types';

/** Rows in one answer unless the caller asks for more with `limit`, and the most it may ask for. */
const DEFAULT_ROWS = 10_000;
const MAX_ROWS = 50_000;
/** On PostgreSQL the query is stopped after this long; the rate limit bounds how often anyone can ask. */
const QUERY_TIMEOUT_MS = 10_000;

export const GET: RequestHandler = async (event) => {
	const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.read');
	// Whole statistics tables: a few per minute per token (or signed-in user), counted on every app server.
	const rate = await heavyApiLimiter.take(db, apiCallerKey(event.request, actor.userId));
	if (!rate.ok) {
		return json(
			{ message: `För många anrop av brottsstatistiken. Vänta ${rate.retryAfterSeconds} sekunder och försök igen.`, code: 'api.rate_limited' },
			{ status: 429, headers: { 'retry-after': String(rate.retryAfterSeconds) } }
		);
	}
	const params = event.url.searchParams;
	const groupBy = parseGroupBy(params.get('groupBy'));
	const from = parseIsoDate(params.get('from'));
	const to = parseIsoDate(params.get('to'));
	const kind = params.get('kind');
	for (const parsed of [groupBy, from, to])
		if (parsed && typeof parsed === 'object' && 'error' in parsed) error(400, { message: parsed.error, code: 'situation.bad_query' });
	if (kind && !(AREA_KINDS as readonly string[]).includes(kind))
		error(400, { message: `Okänd områdestyp ”${kind}”. Tillåtna: ${AREA_KINDS.join(', ')}.`, code: 'situation.bad_query' });
	const limitText = params.get('limit');
	const limit = limitText === null ? DEFAULT_ROWS : Number(limitText);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS)
		error(400, { message: `limit ska vara ett heltal mellan 1 och ${MAX_ROWS.toLocaleString('sv-SE')}.`, code: 'situation.bad_query' });
	const rows = await asHttpError(() =>
		withStatementTimeout(db, QUERY_TIMEOUT_MS, app.database.engine, (tx) =>
			crimeStatistics({
				db: tx,
				actor,
				municipalityId: municipality.id,
				groupBy: groupBy as Exclude<typeof groupBy, { error: string }>,
				from: from as string | null,
				to: to as string | null,
				areaKind: kind
			})
		)
	).catch((caught) => {
		// PostgreSQL's query_canceled: the statement_timeout above.
		if ((caught as { code?: string })?.code === '57014' || (caught as { cause?: { code?: string } })?.cause?.code === '57014')
			error(503, { message: 'Frågan tog för lång tid. Begränsa den med from/to, kind eller färre grupperingar.', code: 'api.query_timeout' });
		throw caught;
	});
	if (rows.length > limit) {
		error(422, {
			message: `Svaret blir ${rows.length.toLocaleString('sv-SE')} rader, över gränsen ${limit.toLocaleString('sv-SE')}. Begränsa med from/to, kind eller färre grupperingar, eller ange limit (högst ${MAX_ROWS.toLocaleString('sv-SE')}).`,
			code: 'api.too_many_rows'
		});
	}
	// Each area row carries its id (as /omraden gives it), its code and its name.
	return json({ rows });
};

import { error } from '@sveltejs/kit';
import { findMunicipalitiesByIds, findOrganisationBySlug, municipalityIdsOfOrganisation } from '$lib/server/modules/organisations/organisations.repository';
import { listFollowUpRounds } from '$lib/server/modules/plans/follow-up.usecases';
import { getPlan, listPlans } from '$lib/server/modules/plans/plans.usecases';
import { listPromises } from '$lib/server/modules/promises/promises.usecases';
import { crimeStatistics } from '$lib/server/modules/situation/analysis/statistics.usecases';
import { authorize, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/**
 * A police area's overview: the municipalities it serves side by side. Each municipality is
 * authorised on its own (municipality.read), so the page opens only to someone who may see every
 * one of them — the area's staff through their one membership, or an admin.
 */
export const load: PageServerLoad = async (event) => {
	requireActor(event, 'app.enter');
	const { db } = (await runtime()).database;
	const area = await findOrganisationBySlug(db, event.params.slug);
	if (!area || area.type !== 'lokalpolisomrade') error(404, { message: 'Polisområdet finns inte.', code: 'organisations.police_area_not_found' });
	const municipalities = await findMunicipalitiesByIds(db, await municipalityIdsOfOrganisation(db, area.id));
	let actor = requireActor(event, 'app.enter');
	for (const municipality of municipalities) actor = authorize(event, 'municipality.read', { municipalityId: municipality.id })!;
	const columns = await Promise.all(
		municipalities.map(async (municipality) => {
			const municipalityId = municipality.id;
			const plans = await listPlans({ db, actor, municipalityId });
			const rounds = (
				await Promise.all(
					plans.map(async (plan) =>
						(await listFollowUpRounds({ db, actor, planId: plan.id }))
							.filter((r) => r.status === 'oppen')
							.map((r) => ({ ...r, planId: plan.id, planTitle: plan.title }))
					)
				)
			).flat();
			const latest = plans[0] ? await getPlan({ db, actor, planId: plans[0].id }) : null;
			const measures = (latest?.focusAreas ?? [])
				.flatMap((a) => a.measures)
				.filter((m) => m.responsible.some((r) => r.organisationId === area.id))
				.map((m) => ({ id: m.id, title: m.title, status: m.status, lead: m.responsible.some((r) => r.organisationId === area.id && r.lead) }));
			const promises = (await listPromises({ db, actor, municipalityId })).map((p) => ({ id: p.id, title: p.title, status: p.status }));
			const years = (await crimeStatistics({ db, actor, municipalityId, groupBy: ['year'], from: null, to: null }))
				.map((r) => ({ year: Number(r.year), count: r.count }))
				.sort((a, b) => b.year - a.year)
				.slice(0, 2);
			return {
				municipality: { slug: municipality.slug, name: municipality.name, active: municipality.active },
				rounds,
				planId: latest?.id ?? null,
				planTitle: latest?.title ?? null,
				measures,
				promises,
				crimes: years
			};
		})
	);
	return { area: { name: area.name, slug: area.slug }, columns };
};

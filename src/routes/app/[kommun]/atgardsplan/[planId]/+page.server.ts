import { latestPlanProgress, latestReportedStatuses } from '$lib/server/modules/plans/follow-up.usecases';
import { getPlan } from '$lib/server/modules/plans/plans.usecases';
import { planReport } from '$lib/server/modules/situation/report/situation-report.usecases';
import { decide } from '$lib/server/platform/authz';
import { asHttpError, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const plan = await asHttpError(() => getPlan({ db, actor, planId: event.params.planId, municipalityId: municipality.id }));
	const [progress, basedOn, reported] = await Promise.all([
		latestPlanProgress({ db, actor, planId: plan.id }),
		planReport({ db, actor, municipalityId: municipality.id, planId: plan.id }),
		latestReportedStatuses(db, plan.id)
	]);
	return {
		plan,
		progress,
		basedOn,
		/** Each measure's latest reported status (closed rounds), with the round and date. */
		reported: Object.fromEntries(reported),
		canManage: decide(actor, 'municipality.manage', { municipalityId: municipality.id }).allowed,
		saved: event.url.searchParams.get('sparad')
	};
};

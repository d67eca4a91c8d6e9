import { listPublicPlans } from '$lib/server/modules/plans/plan-public.usecases';
import { listPublicPromises } from '$lib/server/modules/promises/promises.usecases';
import { listPublicReports } from '$lib/server/modules/situation/report/situation-report.usecases';
import { publicMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { municipality, db } = await publicMunicipality(event);
	const [promises, plans, reports] = await Promise.all([
		listPublicPromises({ db, municipalityId: municipality.id }),
		listPublicPlans({ db, municipalityId: municipality.id }),
		listPublicReports({ db, municipalityId: municipality.id })
	]);
	const year = new Date().getFullYear();
	// Current: published and not yet past its (extended) end; everything else is history.
	const isCurrent = (p: (typeof promises)[number]) => p.status === 'publicerat' && (p.effectiveEnd === null || p.effectiveEnd >= year);
	const summary = (p: (typeof promises)[number]) => ({
		slug: p.slug,
		title: p.title,
		period: p.period,
		extended: p.extensions.length > 0,
		originalPeriod: p.originalPeriod,
		commitment: p.commitment || p.introduction.split(/\n\n/)[0] || '',
		activities: p.activities.length,
		latest: p.followUps[0] ? { heldOn: p.followUps[0].heldOn, counts: p.followUps[0].counts } : null
	});
	return {
		municipality: { slug: municipality.slug, name: municipality.name, officialName: municipality.officialName, county: municipality.county },
		currentPromises: promises.filter(isCurrent).map(summary),
		earlierPromises: promises.filter((p) => !isCurrent(p)).map(summary),
		plans,
		reports
	};
};

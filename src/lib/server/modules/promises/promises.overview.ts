import { ForbiddenError } from '../../platform/errors';
import type { ServerModule } from '../manifest';
import { listPromises, listPublicPromises, newFeedbackCounts } from './promises.usecases';

/** Who may not moderate (or read) gets no card: the use case's own permission check decides. */
const notForThem = (error: unknown) => {
	if (error instanceof ForbiddenError) return null;
	throw error;
};

/** "Att göra": citizens' messages waiting for the coordinator, per promise (only those who moderate see it). */
export const promisesTodo: NonNullable<ServerModule['todo']> = async ({ db, actor, municipality }) => {
	const promises = await listPromises({ db, actor, municipalityId: municipality.id });
	const counts = await newFeedbackCounts({ db, actor, municipalityId: municipality.id, promiseIds: promises.map((p) => p.id) }).catch(notForThem);
	if (!counts) return [];
	return promises
		.filter((p) => (counts[p.id] ?? 0) > 0)
		.map((p) => ({
			id: `promises.feedback.${p.id}`,
			key: 'promises.todo.feedback',
			values: { count: counts[p.id], title: p.title },
			href: `/app/${municipality.slug}/medborgarloften/${p.id}/synpunkter`
		}));
};

/** The public municipality page's promises section: current ones first, then the history. */
export const promisesPublicSection: NonNullable<ServerModule['publicSection']> = async ({ db, municipality }) => {
	const promises = await listPublicPromises({ db, municipalityId: municipality.id });
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
		latest: p.followUps[0] ? { heldOn: p.followUps[0].heldOn, heldOnPrecision: p.followUps[0].heldOnPrecision, counts: p.followUps[0].counts } : null
	});
	return { currentPromises: promises.filter(isCurrent).map(summary), earlierPromises: promises.filter((p) => !isCurrent(p)).map(summary) };
};

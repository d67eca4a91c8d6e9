import type { ServerModule } from '../manifest';
import { pendingFollowUps } from './follow-up.usecases';
import { listPublicPlans } from './plan-public.usecases';

/** "Att göra": each open follow-up round with measures this person (or their organisation) has not answered. */
export const plansTodo: NonNullable<ServerModule['todo']> = async ({ db, actor, municipality }) =>
	(await pendingFollowUps({ db, actor, municipalityId: municipality.id })).map((item) => ({
		id: `plans.round.${item.roundId}`,
		key: 'followUp.todo.item',
		values: { round: item.roundName, plan: item.planTitle, count: item.toAnswer, date: item.dueDate },
		href: `/app/${municipality.slug}/atgardsplan/${item.planId}/uppfoljning/${item.roundId}`,
		urgent: item.overdue
	}));

/** The public municipality page's action-plan section: each published plan and its latest closed round. */
export const plansPublicSection: NonNullable<ServerModule['publicSection']> = async ({ db, municipality }) => ({
	plans: await listPublicPlans({ db, municipalityId: municipality.id })
});

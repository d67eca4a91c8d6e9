/**
 * What citizens see of the action plans: only decided plans (a decided plan is a public
 * document), and of the follow-up only what a closed round reported: each measure's status,
 * never the organisations' own notes.
 */
import type { Db } from '../../db/client';
import { NotFoundError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { latestPlanProgress } from './follow-up.usecases';
import { listAnswers, listRounds } from './follow-up.repository';
import { findPlan, listPlansOfMunicipality } from './plans.repository';
import { getPlan } from './plans.usecases';

const PUBLIC_STATUSES = new Set(['beslutad', 'avslutad']);

export async function listPublicPlans(options: { db: Db; municipalityId: string }) {
	const plans = (await listPlansOfMunicipality(options.db, options.municipalityId)).filter((p) => PUBLIC_STATUSES.has(p.status));
	return Promise.all(
		plans.map(async (p) => ({
			id: p.id,
			title: p.title,
			period: p.period,
			status: p.status,
			progress: await latestPlanProgress({ db: options.db, actor: null, planId: p.id, closedOnly: true })
		}))
	);
}

export async function getPublicPlan(options: { db: Db; municipalityId: string; planId: string }) {
	const row = isUuid(options.planId) ? await findPlan(options.db, options.planId) : undefined;
	if (!row || row.municipalityId !== options.municipalityId || !PUBLIC_STATUSES.has(row.status))
		throw new NotFoundError('plans.plan_not_found', 'Planen finns inte eller är inte publicerad.');
	const plan = await getPlan({ db: options.db, actor: null, planId: row.id });
	const progress = await latestPlanProgress({ db: options.db, actor: null, planId: row.id, closedOnly: true });
	const closed = (await listRounds(options.db, row.id)).find((r) => r.id === progress?.round.id);
	const statusOf = new Map(closed ? (await listAnswers(options.db, closed.id)).map((a) => [a.measureId, a.status]) : []);
	return {
		id: plan.id,
		title: plan.title,
		period: plan.period,
		status: plan.status,
		decisions: plan.decisions
			.filter((d) => d.kind === 'beslut' || d.kind === 'ställningstagande')
			.map((d) => ({ id: d.id, body: d.body, date: d.date, kind: d.kind, reference: d.reference })),
		progress,
		focusAreas: plan.focusAreas.map((area) => ({
			id: area.id,
			title: area.title,
			problems: area.problems.map((p) => p.text),
			measures: area.measures.map((m) => ({
				id: m.id,
				title: m.title,
				time: m.time,
				scope: m.scope,
				responsible: m.responsible.map((r) => r.organisation),
				goal: m.goal,
				status: statusOf.get(m.id) ?? null
			}))
		}))
	};
}

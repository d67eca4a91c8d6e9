/**
 * What citizens see of the action plans: only decided plans (a decided plan is a public
 * document), and of the follow-up only what closed rounds reported: each measure's latest
 * reported status with the round and date it was reported, never the organisations' own notes.
 */
import type { Db } from '../../db/client';
import { NotFoundError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { latestPlanProgress, latestReportedStatuses } from './follow-up.usecases';
import { findPlan, listPlansOfMunicipality } from './plans.repository';
import { PUBLISHED_PLAN_STATUSES, getPlan } from './plans.usecases';
import { systemActor } from '../../platform/authz';

/** Public pages read for an anonymous visitor: the policy lets them see published records only. */
const PUBLIC_SITE = systemActor('public-site');

export async function listPublicPlans(options: { db: Db; municipalityId: string }) {
	const plans = (await listPlansOfMunicipality(options.db, options.municipalityId)).filter((p) => PUBLISHED_PLAN_STATUSES.has(p.status));
	return Promise.all(
		plans.map(async (p) => ({
			id: p.id,
			title: p.title,
			period: p.period,
			status: p.status,
			progress: await latestPlanProgress({ db: options.db, actor: PUBLIC_SITE, planId: p.id, closedOnly: true })
		}))
	);
}

export async function getPublicPlan(options: { db: Db; municipalityId: string; planId: string }) {
	const row = isUuid(options.planId) ? await findPlan(options.db, options.planId) : undefined;
	if (!row || row.municipalityId !== options.municipalityId || !PUBLISHED_PLAN_STATUSES.has(row.status)) throw new NotFoundError('plans.plan_not_published');
	const plan = await getPlan({ db: options.db, actor: PUBLIC_SITE, planId: row.id });
	const progress = await latestPlanProgress({ db: options.db, actor: PUBLIC_SITE, planId: row.id, closedOnly: true });
	const reported = await latestReportedStatuses(options.db, row.id);
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
				status: reported.get(m.id)?.status ?? null,
				reportedIn: reported.get(m.id)?.roundName ?? null,
				reportedOn: reported.get(m.id)?.reportedOn ?? null
			}))
		}))
	};
}

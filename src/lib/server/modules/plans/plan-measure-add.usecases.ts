import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { NotFoundError } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { insertMeasure, insertRevision, updatePlanRow } from './plans.repository';
import { getPlan } from './plans.usecases';

/**
 * Another module's matter becomes a new measure in a plan's focus area (an EST escalation, issue
 * 13): the measure's text starts with where it came from and a link back, so the plan shows its
 * origin. A decided plan is first kept as a revision, as any other change to it. Runs in the
 * caller's transaction (pass the transaction as `db`) so the caller can store the link back at once.
 */
export async function addMeasureFromElsewhere(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	planId: string;
	focusAreaId: string;
	title: string;
	description: string;
	scope: string;
	/** What it came from, in the plan's language ("EST-eskalering 2026-12-03"), and a link there. */
	origin: { label: string; href: string };
	ip: string | null;
}): Promise<{ measureId: string; planId: string }> {
	const { db, actor } = options;
	const plan = await getPlan({ db, actor, planId: options.planId, municipalityId: options.municipalityId });
	requireAccess(actor, 'plan.edit', { municipalityId: plan.municipalityId });
	const area = plan.focusAreas.find((a) => a.id === options.focusAreaId);
	if (!area) throw new NotFoundError('plans.focus_area_not_found');
	if (plan.status === 'beslutad') {
		const { title, period, status, focusAreas } = plan;
		await insertRevision(db, {
			planId: plan.id,
			revision: plan.revision,
			reason: options.origin.label,
			snapshot: { title, period, status, focusAreas },
			createdBy: actor.userId
		});
		await updatePlanRow(db, plan.id, { revision: plan.revision + 1 });
	}
	const measure = await insertMeasure(db, {
		planId: plan.id,
		focusAreaId: area.id,
		sortOrder: plan.focusAreas.reduce((sum, a) => sum + a.measures.length, 0),
		title: options.title,
		description: `${options.origin.label}: ${options.origin.href}\n\n${options.description}`.trim(),
		scope: options.scope,
		status: 'ej_paborjad'
	});
	await recordAudit(
		db,
		{ actor, ip: options.ip },
		{
			action: 'plans.measure.added',
			entityType: 'measure',
			entityId: measure.id,
			municipalityId: plan.municipalityId,
			changes: {
				title: { before: null, after: options.title },
				focusArea: { before: null, after: area.title },
				origin: { before: null, after: options.origin.label }
			}
		}
	);
	return { measureId: measure.id, planId: plan.id };
}

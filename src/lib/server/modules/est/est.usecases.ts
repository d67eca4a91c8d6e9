import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import type { Actor } from '../../platform/authz';
import { codedValidationError } from '../../platform/errors';
import { recordAudit } from '../audit/public';
import { EST_CADENCES, currentCycle, type EstCadence } from './est.models';
import { findCycleSettings, listReportsOfMunicipality, upsertCycleSettings } from './est.repository';

const todayIso = () => new Date().toISOString().slice(0, 10);

/** The EST page: the cadence (if set), the cycle today falls in, and the latest reports. */
export async function estOverview(options: { db: Db; actor: Actor; municipalityId: string; today?: string }) {
	requireAccess(options.actor, 'est.read', { municipalityId: options.municipalityId });
	const settings = await findCycleSettings(options.db, options.municipalityId);
	const reports = await listReportsOfMunicipality(options.db, options.municipalityId, 50);
	return {
		settings: settings ? { cadence: settings.cadence, firstCycleStart: settings.firstCycleStart } : null,
		cycle: settings ? currentCycle(settings.cadence as EstCadence, settings.firstCycleStart, options.today ?? todayIso()) : null,
		reports: reports.map((r) => ({ id: r.id, category: r.category, place: r.place, occurredOn: r.occurredOn, effect: r.effect }))
	};
}

const settingsSchema = z.object({
	cadence: z.enum(EST_CADENCES),
	firstCycleStart: z.iso.date()
});

/** The coordinator sets how often the EST group meets and when the first cycle started. */
export async function setCycleSettings(options: { db: Db; actor: Actor; municipalityId: string; input: unknown; ip: string | null }) {
	requireAccess(options.actor, 'est.settings.edit', { municipalityId: options.municipalityId });
	const parsed = settingsSchema.safeParse(options.input);
	if (!parsed.success) {
		const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
		throw codedValidationError({
			...(fields.has('cadence') ? { cadence: { code: 'est.cadence_invalid' } } : {}),
			...(fields.has('firstCycleStart') ? { firstCycleStart: { code: 'est.first_cycle_start_invalid' } } : {})
		});
	}
	const input = parsed.data;
	await options.db.transaction(async (tx) => {
		const before = await findCycleSettings(tx, options.municipalityId);
		await upsertCycleSettings(tx, { municipalityId: options.municipalityId, ...input, updatedBy: options.actor.userId });
		await recordAudit(
			tx,
			{ actor: options.actor, ip: options.ip },
			{
				action: 'est.cycle_settings.updated',
				entityType: 'est_cycle_settings',
				entityId: options.municipalityId,
				municipalityId: options.municipalityId,
				changes: {
					cadence: { before: before?.cadence ?? null, after: input.cadence },
					firstCycleStart: { before: before?.firstCycleStart ?? null, after: input.firstCycleStart }
				}
			}
		);
	});
}

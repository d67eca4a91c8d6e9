import { SETUP, coordinator, coordinatorOrOwningStaff, definePermissions, member, publishedOnly } from '../../platform/permissions';

/**
 * The action plan (åtgärdsplan) and its follow-up rounds. Everyone in the municipality's work reads
 * plans and rounds; the coordinator imports, edits and opens and closes rounds; partner staff answer
 * a round for the measures their organisation is lead or co-responsible for.
 */
export const PLANS_PERMISSIONS = definePermissions({
	/** Reading a plan, its measures, revisions, decisions and evidence. Public pages read published plans only. */
	'plan.read': { system: publishedOnly([...SETUP, 'scheduled-job']), rule: member },
	'plan.import': { system: SETUP, rule: coordinator },
	/** Details, status, measures, decisions and their documents. */
	'plan.edit': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	'plan.export': { system: ['cli', 'benchmark', 'test-setup'], rule: member },
	'round.read': { system: publishedOnly([...SETUP, 'scheduled-job']), rule: member },
	'round.open': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	/** `organisationIds`: the measure's lead and co-responsible organisations. */
	'round.answer': { system: ['demo-seed', 'test-setup'], rule: coordinatorOrOwningStaff },
	'round.close': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	/** Reminding the organisations that have not answered (the hourly job, or the coordinator's button). */
	'round.remind': { system: ['scheduled-job', 'test-setup'], rule: coordinator }
});

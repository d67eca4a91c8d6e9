import { SETUP, coordinator, coordinatorOrOwningStaff, definePermissions, member, staff } from '../../platform/permissions';

/**
 * EST (effektiv samordning för trygghet). Everyone in the municipality's work reads the cycle and the
 * reports; staff report; the coordinator sets the cadence, categories and participants.
 */
export const EST_PERMISSIONS = definePermissions({
	'est.read': { system: SETUP, rule: member },
	'est.report.create': { system: SETUP, rule: staff },
	'est.settings.edit': { system: ['test-setup', 'demo-seed', 'cli'], rule: coordinator },
	/** Meetings: record one, prioritise and release places, decide tasks, check them. */
	'est.meeting.edit': { system: SETUP, rule: coordinator },
	/** A task's progress: the coordinator or staff of the organisation the task is for. */
	'est.task.update': { system: SETUP, rule: coordinatorOrOwningStaff },
	/** Escalation: the routine (also run by the hourly job), marking a meeting's decision, recording the outcome, making it a plan measure. */
	'est.escalation.edit': { system: [...SETUP, 'scheduled-job'], rule: coordinator },
	/** A partner's incident log imported in bulk (all rows or none). */
	'est.report.import': { system: SETUP, rule: coordinator }
});

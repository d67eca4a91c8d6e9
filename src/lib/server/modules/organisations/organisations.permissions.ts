import { SETUP, coordinator, definePermissions, member } from '../../platform/permissions';

/** The organisations working in a municipality (kommun, polis, bostadsbolag, …). */
export const ORGANISATIONS_PERMISSIONS = definePermissions({
	'organisation.read': { system: [...SETUP, 'scheduled-job'], rule: member },
	/** Creating, confirming, renaming and merging organisations of the municipality. */
	'organisation.edit': { system: SETUP, rule: coordinator }
});

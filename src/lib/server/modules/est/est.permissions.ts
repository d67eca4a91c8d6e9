import { SETUP, coordinator, definePermissions, member } from '../../platform/permissions';

/**
 * EST (effektiv samordning för trygghet). Everyone in the municipality's work reads the cycle and the
 * reports; the coordinator sets the cadence.
 */
export const EST_PERMISSIONS = definePermissions({
	'est.read': { system: SETUP, rule: member },
	'est.settings.edit': { system: ['test-setup'], rule: coordinator }
});

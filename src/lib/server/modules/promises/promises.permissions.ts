import { SETUP, coordinator, definePermissions, member, publishedOnly } from '../../platform/permissions';

/**
 * Citizen promises (medborgarlöften). Everyone in the municipality's work reads them; the coordinator
 * writes, publishes and moderates the public's feedback. Anonymous visitors reach published
 * promises through the `public-site` system actor.
 */
export const PROMISES_PERMISSIONS = definePermissions({
	'promise.read': { system: publishedOnly([...SETUP, 'scheduled-job']), rule: member },
	'promise.import': { system: SETUP, rule: coordinator },
	/** Creating, editing, extending a promise and recording its follow-ups. */
	'promise.edit': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	/** Changing a promise's status (published, ended) and publishing a follow-up. */
	'promise.publish': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	'promise.feedback.moderate': { system: ['test-setup'], rule: coordinator }
});

import { defineServerModule } from '../manifest';
import { SSPF_AUDIT_EVENTS } from './sspf.events';
import { SSPF_PERMISSIONS } from './sspf.permissions';
import { eraseCasesPastRetention, rotateCaseKeys, sendActionReminders, sendConsentReminders } from './sspf.jobs';
import { serverKeyring } from './sspf.keyring-server';
import { seedSspfDemo } from './sspf.demo';
import { municipalityKeyDestruction } from './sspf.usecases';

/**
 * SSPF / Sociala insatsgrupper (issue 15): consent-gated coordination around young people at risk.
 * Its hourly work reminds coordinators of consents ending within 30 days and erases closed cases
 * past retention (both idempotent).
 */
export default defineServerModule({
	id: 'sspf',
	permissions: SSPF_PERMISSIONS,
	auditEvents: SSPF_AUDIT_EVENTS,
	cli: {
		/** After a new SSPF_MASTER_KEY (the old one in SSPF_PREVIOUS_MASTER_KEYS): re-wraps every case key and recomputes the search index. */
		'sspf:rotate-keys': (_args, { withDatabase }) =>
			withDatabase(async ({ db }) => {
				const rotated = await rotateCaseKeys({ db, keyring: serverKeyring() });
				console.log(`${rotated} ärendenycklar krypterades om med den nya huvudnyckeln. Ta bort den gamla ur SSPF_PREVIOUS_MASTER_KEYS.`);
			})
	},
	async hourly({ db, config }) {
		await sendConsentReminders({ db, config });
		await sendActionReminders({ db, config });
		await eraseCasesPastRetention({ db, keyring: serverKeyring() });
	},
	/** Deleting a municipality removes its case rows by cascade; this destroys their keys in the key store after the commit. */
	beforeMunicipalityDeleted: ({ db, municipalityId }) => municipalityKeyDestruction(db, municipalityId, serverKeyring),
	async seedDemo({ db, refs }) {
		await seedSspfDemo({ db, refs, keyring: serverKeyring() });
	}
});

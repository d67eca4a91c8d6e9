import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { systemActor, type Actor } from '../../platform/authz';
import { defineServerModule } from '../manifest';
import { PROMISES_AUDIT_EVENTS } from './promises.events';
import { promisesPublicSection, promisesTodo } from './promises.overview';
import { PROMISES_PERMISSIONS } from './promises.permissions';
import { findMemberships, findUserByEmail } from '../users/public';
import { parsePromiseText } from './promise-import';
import { getPromise, importPromise, recordFollowUp, setPromiseStatus } from './promises.usecases';

const FIXTURES = path.resolve('src/lib/server/modules/promises/fixtures');
/** Falun 2022, Sociala insatsgrupper (seed 000): the text copied from the signed PDF. */
export const FALUN_PROMISE_FIXTURE = path.join(FIXTURES, 'falun-2022-sig.pdf.txt');
/** Sunne 2021–2022, extended to 2024 (seed 004): the municipality's web page. */
export const SUNNE_PROMISE_FIXTURE = path.join(FIXTURES, 'sunne-2021-2024.web.txt');

async function actorOf(db: Db, email: string): Promise<Actor | undefined> {
	const user = await findUserByEmail(db, email);
	return user ? { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(db, user.id) } : undefined;
}

/** The promises module's manifest: see ../manifest.ts. */
export const promisesModule = defineServerModule({
	id: 'promises',
	permissions: PROMISES_PERMISSIONS,
	auditEvents: PROMISES_AUDIT_EVENTS,
	todo: promisesTodo,
	publicSection: promisesPublicSection,
	async seedDemo({ db, refs }) {
		// Both real promises go through the importer a coordinator uses, so the demo shows what an import gives.
		const falunId = refs.municipalities.falun.id;
		const falunDraft = parsePromiseText(fs.readFileSync(FALUN_PROMISE_FIXTURE, 'utf8'), { municipalityName: 'Falun' });
		// The PDF text has no signature block; the press release (seed 002) names who signed.
		if (falunDraft.signatories.length === 0) {
			falunDraft.signatories.push(
				{ name: 'Joakim Storck', title: 'kommunstyrelsens ordförande, Falu kommun', party: 'kommunen' },
				{ name: 'Martin Öhman', title: 'tf chef för lokalpolisområde Falun', party: 'polisen' }
			);
		}
		const falunPromise = await importPromise({
			db,
			actor: systemActor('demo-seed'),
			municipalityId: falunId,
			draft: falunDraft,
			source: 'demo: seed 000, Falun 2022 (PDF-text)'
		});

		const sunneId = refs.municipalities.sunne.id;
		const sunneDraft = parsePromiseText(fs.readFileSync(SUNNE_PROMISE_FIXTURE, 'utf8'), { municipalityName: 'Sunne' });
		const sunnePromise = await importPromise({
			db,
			actor: systemActor('demo-seed'),
			municipalityId: sunneId,
			draft: sunneDraft,
			source: 'demo: seed 004, Sunne 2021–2022 förlängt till 2024 (webbsida)'
		});

		const falun = await actorOf(db, 'samordnare@falun.demo');
		if (falun) {
			await setPromiseStatus({ db, actor: falun, municipalityId: falunId, promiseId: falunPromise, status: 'publicerat', ip: null });
			const promise = await getPromise({ db, actor: falun, municipalityId: falunId, promiseId: falunPromise });
			// The activity table names "Faluns BRÅ, december 2022" as the forum; the outcome text is demo data, marked as such.
			await recordFollowUp({
				db,
				actor: falun,
				municipalityId: falunId,
				promiseId: falunPromise,
				ip: null,
				input: {
					heldOn: '2022-12-13',
					forum: 'Faluns BRÅ',
					summary:
						'Demodata: Sociala insatsgrupper har startat i Falun under 2022. Styrgrupp och arbetsgrupp är tillsatta och arbetet på individnivå har kommit i gång.',
					publish: true,
					outcomes: promise.activities.map((a) => ({
						activityId: a.id,
						status: 'uppfyllt',
						achieved: '',
						done: 'Demodata: samverkansmodellen SIG är införd; utvecklingsledare och koordinator är anställd och styrgruppen har haft sina första möten.'
					}))
				}
			});
		}
		const sunne = await actorOf(db, 'samordnare@sunne.demo');
		if (sunne) await setPromiseStatus({ db, actor: sunne, municipalityId: sunneId, promiseId: sunnePromise, status: 'publicerat', ip: null });
	}
});

export default promisesModule;

import { listOutbox } from '$lib/server/modules/mail/mail.repository';
import { requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireActor(event, 'installation.manage');
	const app = await runtime();
	return { mails: await listOutbox(app.database.db), smtp: app.config.smtpUrl !== null };
};

import { steeringStatistics } from '$lib/server/modules/sspf/sspf.statistics';
import { sspfRequest } from '$lib/server/modules/sspf/sspf.http';
import { asHttpError } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db, context } = await sspfRequest(event, 'sspf.statistics.read');
	const year = new Date().getUTCFullYear();
	const from = ISO.test(event.url.searchParams.get('fran') ?? '') ? event.url.searchParams.get('fran')! : `${year}-01-01`;
	const to = ISO.test(event.url.searchParams.get('till') ?? '') ? event.url.searchParams.get('till')! : new Date().toISOString().slice(0, 10);
	return { statistics: await asHttpError(() => steeringStatistics({ db, actor, keyring: context.keyring, municipalityId: municipality.id, from, to })) };
};

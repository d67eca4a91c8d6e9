import { exportMunicipality } from '$lib/server/modules/organisations/municipalities.usecases';
import { asHttpError, clientIp, requireActor } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event, 'installation.manage');
	const { db } = (await runtime()).database;
	const file = await asHttpError(() => exportMunicipality({ db, actor, municipalityId: event.params.id, ip: clientIp(event) }));
	return new Response(file.json, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};

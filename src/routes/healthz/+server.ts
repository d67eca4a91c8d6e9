import { json } from '@sveltejs/kit';
import { serverVersion } from '$lib/server/db/client';
import { authorize } from '$lib/server/platform/guard';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	authorize(event, 'public.read');
	const app = await runtime();
	try {
		const version = await serverVersion(app.database.db);
		return json({ status: 'ok', database: { engine: app.database.engine, version } });
	} catch (error) {
		return json({ status: 'error', database: { engine: app.database.engine, error: (error as Error).message } }, { status: 503 });
	}
};

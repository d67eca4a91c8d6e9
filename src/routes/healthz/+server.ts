import { json } from '@sveltejs/kit';
import { pingDatabase } from '$lib/server/db/client';
import { authorize } from '$lib/server/platform/guard';
import { logger } from '$lib/server/platform/logger';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * For load balancers and systemd: ok or not ok, nothing more. The engine and its exact build
 * told anyone which vulnerabilities to try; an administrator finds them in the log.
 */
export const GET: RequestHandler = async (event) => {
	authorize(event, 'public.read');
	const app = await runtime();
	try {
		await pingDatabase(app.database.db);
		return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		logger.error('health check: the database does not answer', { engine: app.database.engine, error: (error as Error).message });
		return json({ status: 'error' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};

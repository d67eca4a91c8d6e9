import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/platform/guard';
import { openApiDocument } from '$lib/server/platform/openapi';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	authorize(event, 'public.read');
	return json(openApiDocument((await runtime()).config.origin));
};

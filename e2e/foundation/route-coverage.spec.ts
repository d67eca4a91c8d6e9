import type { APIRequestContext, APIResponse } from '@playwright/test';
import { ADMIN, FORM_HEADERS, expect, listRoutes, newApiContext, policyOf, signIn, test, type AppRoute } from '../helpers';

/**
 * Every route found under src/routes is requested anonymously and as the admin. A route that
 * answers (<400) without asking the policy is turned into a 500 by hooks.server.ts, so "never
 * 500" plus "a policy header on every non-404" means: no route is reachable without a decision.
 */
const routes = listRoutes();

interface Probe {
	label: string;
	send: (api: APIRequestContext) => Promise<APIResponse>;
}

/** The requests that reach each route's own code: GET for pages, each exported method for endpoints. */
function probesFor(route: AppRoute): Probe[] {
	const probes: Probe[] = [];
	if (route.page) probes.push({ label: `GET ${route.path}`, send: (api) => api.get(route.path, { maxRedirects: 0 }) });
	for (const method of route.endpointMethods) {
		if (method === 'GET' && route.page) continue;
		const label = `${method} ${route.path}`;
		if (method === 'GET' || method === 'HEAD') probes.push({ label, send: (api) => api.fetch(route.path, { method, maxRedirects: 0 }) });
		else probes.push({ label, send: (api) => api.fetch(route.path, { method, form: {}, headers: FORM_HEADERS, maxRedirects: 0 }) });
	}
	return probes;
}

async function check(api: APIRequestContext, probes: Probe[], who: string): Promise<string[]> {
	const problems: string[] = [];
	for (const probe of probes) {
		const response = await probe.send(api);
		const status = response.status();
		const policy = policyOf(response);
		if (status >= 500) problems.push(`${who} ${probe.label}: ${status} ${(await response.text()).slice(0, 200)}`);
		if (status !== 404 && !policy) problems.push(`${who} ${probe.label}: ${status} without an x-forebygg-policy header`);
		if (policy !== undefined && !/^[a-z][a-z-]*(\.[a-z][a-z_-]*)+:[a-z_:-]+$/.test(policy))
			problems.push(`${who} ${probe.label}: malformed policy header "${policy}"`);
	}
	return problems;
}

test.describe('route coverage', () => {
	test('the route list is read from the file system and includes the known pages and endpoints', () => {
		const ids = routes.map((r) => r.id);
		for (const id of ['/(public)', '/(public)/[kommun]', '/app/[kommun]', '/app/[kommun]/[modul]', '/login', '/healthz', '/api/v1/me', '/sprak']) {
			expect(ids, `route ${id}`).toContain(id);
		}
		const paths = routes.map((r) => r.path);
		expect(paths).toContain('/');
		expect(paths).toContain('/falun');
		expect(paths).toContain('/app/falun/est');
		expect(paths).toContain('/losenord/aterstall/ogiltig-token');
		expect(paths.every((p) => !p.includes('(') && !p.includes('['))).toBe(true);
		expect(routes.find((r) => r.id === '/sprak')?.endpointMethods).toEqual(['POST']);
		expect(routes.find((r) => r.id === '/app/admin')?.actions).toEqual(['createUser']);
		expect(routes.find((r) => r.id === '/app/konto')?.actions).toEqual(['password', 'totp', 'createToken', 'revokeToken']);
	});

	test('every route answered anonymously has a policy decision and never a 500', async ({ request }) => {
		const problems = await check(request, routes.flatMap(probesFor), 'anonymous');
		expect(problems, problems.join('\n')).toEqual([]);
	});

	test('every route answered to the signed-in admin has a policy decision and never a 500', async () => {
		const api = await newApiContext(ADMIN);
		try {
			// The admin must really be signed in, or this test would only repeat the anonymous one.
			expect((await api.get('/api/v1/me')).status()).toBe(200);
			const problems = await check(api, routes.flatMap(probesFor), 'admin');
			expect(problems, problems.join('\n')).toEqual([]);
		} finally {
			await api.dispose();
		}
	});

	test('every form action posted with an empty form has a policy decision and never a 500', async ({ request }) => {
		const actionProbes: Probe[] = routes.flatMap((route) =>
			route.actions.map((action) => {
				const target = action === 'default' ? route.path : `${route.path}?/${action}`;
				return { label: `POST ${target}`, send: (api: APIRequestContext) => api.post(target, { form: {}, headers: FORM_HEADERS, maxRedirects: 0 }) };
			})
		);
		expect(actionProbes.length).toBeGreaterThan(5);
		// /logout last: posting it ends the admin's session.
		actionProbes.sort((a, b) => Number(a.label.startsWith('POST /logout')) - Number(b.label.startsWith('POST /logout')));

		const problems = await check(request, actionProbes, 'anonymous');
		// A session of its own, because the sweep signs it out at the end.
		const admin = await newApiContext(null);
		try {
			await signIn(admin, ADMIN);
			problems.push(...(await check(admin, actionProbes, 'admin')));
		} finally {
			await admin.dispose();
		}
		expect(problems, problems.join('\n')).toEqual([]);
	});
});

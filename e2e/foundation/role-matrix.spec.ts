import type { APIRequestContext } from '@playwright/test';
import {
	ADMIN,
	DEMO_MUNICIPALITIES,
	DEMO_USERS,
	FALUN_COORDINATOR,
	FALUN_READER,
	FORM_HEADERS,
	SUNNE_COORDINATOR,
	expect,
	municipalityAppRoutes,
	newApiContext,
	policyOf,
	test,
	type DemoUser
} from '../helpers';

/** Pages under /app/{kommun}/ that only the municipality's coordinator (and the admin) may open. */
const COORDINATOR_ONLY = new Set([
	'/app/[kommun]/logg',
	'/app/[kommun]/organisationer',
	'/app/[kommun]/atgardsplan/importera',
	'/app/[kommun]/atgardsplan/[planId]/atgard/[measureId]',
	'/app/[kommun]/lagesbild/brott',
	'/app/[kommun]/medborgarloften/importera',
	'/app/[kommun]/medborgarloften/nytt',
	'/app/[kommun]/medborgarloften/[promiseId]/redigera',
	'/app/[kommun]/medborgarloften/[promiseId]/uppfoljning',
	'/app/[kommun]/medborgarloften/[promiseId]/synpunkter'
]);

/** Record routes are requested with an id that does not exist. */
const RECORD_PARAM = /\[(planId|roundId|promiseId|id)\]/;

type Expectation = 200 | 403 | 404 | 'login';

function expected(user: DemoUser | null, kommun: string, pattern: string): Expectation {
	if (!user) return 'login';
	if (user.role === 'admin') return RECORD_PARAM.test(pattern) ? 404 : 200;
	if (user.municipality !== kommun) return 403;
	if (COORDINATOR_ONLY.has(pattern) && user.role !== 'samordnare') return 403;
	// Record routes are requested with an id that does not exist: allowed people get a 404.
	return RECORD_PARAM.test(pattern) ? 404 : 200;
}

const PEOPLE: (DemoUser | null)[] = [null, ...DEMO_USERS];

test.describe('role matrix: roles × /app/{kommun} pages × municipalities', () => {
	for (const user of PEOPLE) {
		const who = user ? `${user.email} (${user.role}${user.municipality ? `, ${user.municipality}` : ''})` : 'an anonymous visitor';
		test(`${who} is allowed and denied exactly as the policy says`, async () => {
			const api = await newApiContext(user?.email ?? null);
			try {
				const mismatches: string[] = [];
				let checked = 0;
				for (const kommun of DEMO_MUNICIPALITIES) {
					for (const route of municipalityAppRoutes(kommun)) {
						const want = expected(user, kommun, route.pattern);
						const response = await api.get(route.path, { maxRedirects: 0 });
						const status = response.status();
						const location = response.headers()['location'] ?? '';
						const ok = want === 'login' ? status === 303 && location.startsWith('/login?next=') : status === want;
						if (!ok)
							mismatches.push(`${route.path}: expected ${want}, got ${status}${location ? ` → ${location}` : ''} (policy ${policyOf(response) ?? 'none'})`);
						if (!policyOf(response)) mismatches.push(`${route.path}: no x-forebygg-policy header`);
						checked++;
					}
				}
				expect(checked).toBeGreaterThanOrEqual(2 * 4);
				expect(mismatches, mismatches.join('\n')).toEqual([]);
			} finally {
				await api.dispose();
			}
		});
	}

	test('the Sunne coordinator gets 403 on every Falun app page, and the Falun coordinator on every Sunne one', async () => {
		for (const [email, other] of [
			[SUNNE_COORDINATOR, 'falun'],
			[FALUN_COORDINATOR, 'sunne']
		] as const) {
			const api = await newApiContext(email);
			try {
				for (const route of municipalityAppRoutes(other)) {
					const response = await api.get(route.path, { maxRedirects: 0 });
					expect(response.status(), `${email} GET ${route.path}`).toBe(403);
					expect(policyOf(response), `${email} GET ${route.path}`).toBe('municipality.read:other_municipality');
					// The refusal must not leak the other municipality's people or log (the own address is in the header menu data).
					const others = [...(await response.text()).matchAll(/[\w.+-]+@(?:falun|sunne)\.demo/g)].map((m) => m[0]).filter((address) => address !== email);
					expect(others, `${email} GET ${route.path} shows other people's addresses`).toEqual([]);
				}
			} finally {
				await api.dispose();
			}
		}
	});
});

test.describe('creating users in another municipality or without the role', () => {
	async function organisationerForm(api: APIRequestContext, email: string) {
		return api.post('/app/falun/organisationer?/createUser', {
			form: { name: 'Inte Tillåten', email, role: 'medarbetare', organisationId: '', password: 'inte-tillaten-123' },
			headers: FORM_HEADERS,
			maxRedirects: 0
		});
	}

	async function userExists(email: string): Promise<boolean> {
		const admin = await newApiContext(ADMIN);
		try {
			const page = await admin.get('/app/admin');
			expect(page.status()).toBe(200);
			return (await page.text()).includes(email);
		} finally {
			await admin.dispose();
		}
	}

	for (const actor of [SUNNE_COORDINATOR, FALUN_READER]) {
		test(`${actor} posting the createUser action of /app/falun/organisationer gets 403 and nothing is created`, async () => {
			const email = `intrang-${actor.split('@')[0]}-${Date.now()}@falun.demo`;
			const api = await newApiContext(actor);
			try {
				const response = await organisationerForm(api, email);
				expect(response.status()).toBe(403);
				expect(policyOf(response)).toMatch(/^municipality\.(read|manage):(other_municipality|role)$/);
				// The same refusal through the JSON door that use:enhance would use.
				const viaFetch = await api.post('/app/falun/organisationer?/createUser', {
					form: { name: 'Inte Tillåten', email, role: 'medarbetare', password: 'inte-tillaten-123' },
					headers: { Origin: FORM_HEADERS.Origin, Accept: 'application/json', 'x-sveltekit-action': 'true' },
					maxRedirects: 0
				});
				expect(viaFetch.status()).toBe(403);
			} finally {
				await api.dispose();
			}
			expect(await userExists(email), `${email} must not exist`).toBe(false);
		});
	}

	test('the Falun coordinator can create a user in Falun (the positive control for the refusals above)', async () => {
		const email = `ny-${Date.now()}@falun.demo`;
		const api = await newApiContext(FALUN_COORDINATOR);
		try {
			const response = await organisationerForm(api, email);
			expect(response.status()).toBe(200);
			expect(policyOf(response)).toBe('municipality.manage:samordnare');
			expect(await response.text()).toContain(`${email} har lagts till.`);
		} finally {
			await api.dispose();
		}
		expect(await userExists(email)).toBe(true);
	});

	test('the Falun coordinator cannot create an administrator', async () => {
		const email = `admin-${Date.now()}@falun.demo`;
		const api = await newApiContext(FALUN_COORDINATOR);
		try {
			const response = await api.post('/app/falun/organisationer?/createUser', {
				form: { name: 'Ingen Admin', email, role: 'admin', password: 'ingen-admin-123' },
				headers: FORM_HEADERS,
				maxRedirects: 0
			});
			expect(response.status()).toBe(403);
		} finally {
			await api.dispose();
		}
		expect(await userExists(email)).toBe(false);
	});
});

test.describe('the JSON API', () => {
	test('/api/v1/me and /api/v1/kommuner answer 401 JSON without a session', async ({ request }) => {
		for (const path of ['/api/v1/me', '/api/v1/kommuner']) {
			const response = await request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(401);
			expect(response.headers()['content-type'], path).toContain('application/json');
			const body = await response.json();
			expect(body.code, path).toBe('auth.required');
			expect(typeof body.message, path).toBe('string');
			expect(policyOf(response), path).toMatch(/:not_signed_in$/);
		}
	});

	test('/api/v1/kommuner lists only Falun for the Falun coordinator, and both for the admin', async () => {
		const coordinator = await newApiContext(FALUN_COORDINATOR);
		const admin = await newApiContext(ADMIN);
		try {
			const mine = await coordinator.get('/api/v1/kommuner');
			expect(mine.status()).toBe(200);
			expect(((await mine.json()) as { slug: string }[]).map((m) => m.slug)).toEqual(['falun']);
			const all = await admin.get('/api/v1/kommuner');
			expect(((await all.json()) as { slug: string }[]).map((m) => m.slug).sort()).toEqual(['falun', 'sunne']);
		} finally {
			await coordinator.dispose();
			await admin.dispose();
		}
	});

	test('/api/v1/me describes the signed-in user and their membership', async () => {
		const api = await newApiContext(FALUN_READER);
		try {
			const response = await api.get('/api/v1/me');
			expect(response.status()).toBe(200);
			const body = await response.json();
			expect(body.email).toBe(FALUN_READER);
			expect(body.memberships).toEqual([expect.objectContaining({ role: 'lasare', municipality: 'falun' })]);
		} finally {
			await api.dispose();
		}
	});
});

import AxeBuilder from '@axe-core/playwright';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test as base, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from '@playwright/test';

export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
/**
 * Headers of a form posted by a browser without JavaScript. The Origin passes SvelteKit's CSRF
 * check; the Accept matters because SvelteKit answers a form action with JSON (the use:enhance
 * protocol, redirects as 200) when the client accepts JSON first, and Playwright sends "any type" by default.
 */
export const FORM_HEADERS = { Origin: BASE_URL, Accept: 'text/html,application/xhtml+xml' };
export const DEMO_PASSWORD = 'forebygg-demo';
export const SESSION_COOKIE = 'forebygg_session';
export const POLICY_HEADER = 'x-forebygg-policy';

export type Role = 'admin' | 'samordnare' | 'medarbetare' | 'lasare';

export interface DemoUser {
	email: string;
	role: Role;
	/** Slug of the one municipality the user belongs to; null for the installation admin. */
	municipality: string | null;
	organisation: string | null;
}

/** The demo accounts seeded on an empty database (src/lib/server/demo/foundation.ts). */
export const DEMO_USERS: DemoUser[] = [
	{ email: 'admin@forebygg.demo', role: 'admin', municipality: null, organisation: null },
	{ email: 'samordnare@falun.demo', role: 'samordnare', municipality: 'falun', organisation: 'Falu kommun' },
	{ email: 'kommunpolis@falun.demo', role: 'medarbetare', municipality: 'falun', organisation: 'Lokalpolisområde Falun' },
	{ email: 'kopparstaden@falun.demo', role: 'medarbetare', municipality: 'falun', organisation: 'Kopparstaden' },
	{ email: 'politiker@falun.demo', role: 'lasare', municipality: 'falun', organisation: 'Falu kommun' },
	{ email: 'samordnare@sunne.demo', role: 'samordnare', municipality: 'sunne', organisation: 'Sunne kommun' }
];

export const ADMIN = 'admin@forebygg.demo';
export const FALUN_COORDINATOR = 'samordnare@falun.demo';
export const SUNNE_COORDINATOR = 'samordnare@sunne.demo';
export const FALUN_READER = 'politiker@falun.demo';

export const DEMO_MUNICIPALITIES = ['falun', 'sunne'] as const;

/** The segments of the domain modules under /app/{kommun}/ (src/lib/modules/registry.ts). */
export const MODULE_SEGMENTS = ['lagesbild', 'atgardsplan', 'medborgarloften', 'est', 'trygghetsvandringar', 'sspf'] as const;

// ---------------------------------------------------------------------------------------------
// Signing in without the UI
// ---------------------------------------------------------------------------------------------

function requestOf(target: Page | BrowserContext | APIRequestContext): APIRequestContext {
	// page.request and context.request share the cookie jar of the browser context.
	if ('request' in target && typeof (target as Page).goto === 'function') return (target as Page).request;
	if ('request' in target && typeof (target as BrowserContext).newPage === 'function') return (target as BrowserContext).request;
	return target as APIRequestContext;
}

/** Posts the sign-in form (no redirects followed) and returns the raw answer. */
export async function postSignIn(
	target: Page | BrowserContext | APIRequestContext,
	email: string,
	password = DEMO_PASSWORD,
	next = '/app'
): Promise<APIResponse> {
	return requestOf(target).post('/login', {
		form: { email, password, next },
		headers: FORM_HEADERS,
		maxRedirects: 0
	});
}

/**
 * Signs in through the form action without rendering the page; the session cookie lands in the
 * cookie jar of `target` (the browser context for a page or context, else the request context).
 * Returns the session token.
 */
export async function signIn(target: Page | BrowserContext | APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<string> {
	const response = await postSignIn(target, email, password);
	if (response.status() !== 303) {
		throw new Error(`sign-in as ${email} answered ${response.status()} instead of 303: ${(await response.text()).slice(0, 500)}`);
	}
	const cookie = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(`${SESSION_COOKIE}=`));
	if (!cookie) throw new Error(`sign-in as ${email} set no ${SESSION_COOKIE} cookie`);
	return cookie.value.slice(SESSION_COOKIE.length + 1).split(';')[0];
}

/** A new request context signed in as `email` (or anonymous when null). Dispose it after use. */
export async function newApiContext(email: string | null): Promise<APIRequestContext> {
	const storageState = email ? await sessionState(email) : undefined;
	return playwrightRequest.newContext({ baseURL: BASE_URL, storageState });
}

function scratchDir(): string {
	const root = process.env.FOREBYGG_E2E_ROOT;
	if (!root) throw new Error('FOREBYGG_E2E_ROOT is not set: run the tests through playwright.config.ts');
	return path.join(root, 'auth');
}

/**
 * Path of a saved storage state signed in as `email`, signing in once per run and user.
 * The server allows 30 sign-in attempts per address and 15 minutes, so the specs share these
 * sessions instead of signing in for every test. Never sign out of a shared session: tests that
 * end sessions sign in on their own with `signIn`.
 */
export async function sessionState(email: string): Promise<string> {
	const file = path.join(scratchDir(), `${email.replace(/[^a-z0-9.@-]/gi, '_')}.json`);
	if (existsSync(file)) return file;
	const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
	try {
		await signIn(context, email);
		await context.storageState({ path: file });
	} finally {
		await context.dispose();
	}
	return file;
}

/**
 * `test` with a `signedInAs` option: `test.use({ signedInAs: 'samordnare@falun.demo' })` gives
 * every page of the test that user's (shared) session.
 */
export const test = base.extend<{ signedInAs: string | null }>({
	signedInAs: [null, { option: true }],
	storageState: async ({ signedInAs }, use) => {
		await use(signedInAs ? await sessionState(signedInAs) : { cookies: [], origins: [] });
	}
});
export { expect };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core (WCAG 2.1 A and AA) on the page and fails with a readable list of violations. */
export async function expectNoViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	const report = results.violations.map(
		(v) =>
			`[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
			v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`).join('\n')
	);
	if (report.length) console.log(`axe violations on ${what}:\n${report.join('\n')}`);
	expect(report, `axe violations on ${what}:\n${report.join('\n')}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The routes of the app, read from the file system
// ---------------------------------------------------------------------------------------------

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROUTES_DIR = path.resolve(HERE, '..', 'src', 'routes');

/** What each route parameter becomes in a request. Unknown parameters fail loudly. */
export const PARAM_VALUES: Record<string, string> = {
	kommun: 'falun',
	modul: 'est',
	format: 'json',
	token: 'ogiltig-token',
	// Ids of records that do not exist: the route must still decide on access before it answers 404.
	planId: '00000000-0000-4000-8000-000000000000',
	roundId: '00000000-0000-4000-8000-000000000000',
	measureId: '00000000-0000-4000-8000-000000000000',
	documentId: '00000000-0000-4000-8000-000000000000',
	revision: '1',
	promiseId: '00000000-0000-4000-8000-000000000000',
	// Falun's demo promise (seed 000), so the public promise routes are exercised with real content.
	slug: 'lokalpolisomrade-falun-och-falu-kommun-2022',
	id: '00000000-0000-4000-8000-000000000000',
	// Safety walks: a walk, a finding and a photo that do not exist, and a meeting that does.
	walk: '00000000-0000-4000-8000-000000000000',
	finding: '00000000-0000-4000-8000-000000000000',
	photo: '00000000-0000-4000-8000-000000000000',
	meeting: 'vandring'
};

export interface AppRoute {
	/** The SvelteKit route id, groups kept: `/(public)/[kommun]`. */
	id: string;
	/** The id without groups, parameters unresolved: `/[kommun]`. */
	pattern: string;
	/** A requestable path with the parameters substituted: `/falun`. */
	path: string;
	/** Has a page (+page.svelte / +page.server.ts / +page.ts). */
	page: boolean;
	/** HTTP methods a +server.ts exports (GET, POST, …). */
	endpointMethods: string[];
	/** Form actions of the page (`default` or names), from `export const actions`. */
	actions: string[];
}

const PAGE_FILES = ['+page.svelte', '+page.server.ts', '+page.server.js', '+page.ts', '+page.js'];
const ENDPOINT_FILES = ['+server.ts', '+server.js'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function exportedMethods(source: string): string[] {
	return METHODS.filter((method) => new RegExp(`export\\s+(?:const|(?:async\\s+)?function)\\s+${method}\\b`).test(source));
}

function actionNames(source: string): string[] {
	const start = source.search(/export\s+const\s+actions\b/);
	if (start < 0) return [];
	const open = source.indexOf('{', source.indexOf('=', start));
	let depth = 0;
	let end = open;
	for (let i = open; i < source.length; i++) {
		if (source[i] === '{') depth++;
		else if (source[i] === '}' && --depth === 0) {
			end = i;
			break;
		}
	}
	const body = source.slice(open + 1, end);
	// Keys at the top level of the object: "name: async (event) =>" or "async name(event)".
	const names = new Set<string>();
	let level = 0;
	for (const line of body.split('\n')) {
		if (level === 0) {
			const match = line.match(/^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|\()/);
			if (match) names.add(match[1]);
		}
		for (const ch of line) {
			if (ch === '{' || ch === '(' || ch === '[') level++;
			else if (ch === '}' || ch === ')' || ch === ']') level--;
		}
	}
	return [...names];
}

export function resolveSegments(pattern: string, params: Record<string, string> = PARAM_VALUES): string {
	const resolved = pattern.replace(/\[\[?(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]\]?/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`no test value for route parameter [${name}] in ${pattern}: add it to PARAM_VALUES in e2e/helpers.ts`);
		return value;
	});
	return resolved === '' ? '/' : resolved;
}

/** Every route of the app: each directory under src/routes with a page or an endpoint. */
export function listRoutes(params: Record<string, string> = PARAM_VALUES): AppRoute[] {
	const routes: AppRoute[] = [];
	const walk = (dir: string, segments: string[]) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const pageFiles = PAGE_FILES.filter((f) => files.has(f));
		const endpointFile = ENDPOINT_FILES.find((f) => files.has(f));
		if (pageFiles.length > 0 || endpointFile) {
			const id = '/' + segments.join('/');
			const pattern = '/' + segments.filter((s) => !/^\(.*\)$/.test(s)).join('/');
			const serverFile = ['+page.server.ts', '+page.server.js'].find((f) => files.has(f));
			routes.push({
				id: id === '/' ? '/' : id,
				pattern: pattern === '/' ? '/' : pattern,
				path: resolveSegments(pattern === '/' ? '' : pattern, params),
				page: pageFiles.length > 0,
				endpointMethods: endpointFile ? exportedMethods(readFileSync(path.join(dir, endpointFile), 'utf8')) : [],
				actions: serverFile ? actionNames(readFileSync(path.join(dir, serverFile), 'utf8')) : []
			});
		}
		for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
	};
	walk(ROUTES_DIR, []);
	return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The requestable path of every route (parameters substituted). */
export function listRoutePaths(params: Record<string, string> = PARAM_VALUES): string[] {
	return [...new Set(listRoutes(params).map((r) => r.path))];
}

/** The pages under /app/[kommun]/… resolved for one municipality. */
export function municipalityAppRoutes(kommun: string): AppRoute[] {
	return listRoutes({ ...PARAM_VALUES, kommun }).filter((r) => r.page && r.pattern.startsWith('/app/[kommun]'));
}

// ---------------------------------------------------------------------------------------------
// Small assertions
// ---------------------------------------------------------------------------------------------

export function policyOf(response: APIResponse): string | undefined {
	return response.headers()[POLICY_HEADER];
}

/** Asserts a redirect (no redirects followed) to the sign-in page. */
export function expectRedirectToLogin(response: APIResponse, what: string): void {
	expect([302, 303, 307], `${what}: status`).toContain(response.status());
	expect(response.headers()['location'] ?? '', `${what}: location`).toMatch(/^\/login(\?|$)/);
}

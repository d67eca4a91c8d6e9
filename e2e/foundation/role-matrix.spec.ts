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
	'/app/[kommun]/est/import',
	'/app/[kommun]/medborgarloften/importera',
	'/app/[kommun]/medborgarloften/nytt',
	'/app/[kommun]/medborgarloften/[promiseId]/redigera',
	'/app/[kommun]/medborgarloften/[promiseId]/uppfoljning',
	'/app/[kommun]/medborgarloften/[promiseId]/synpunkter',
	'/app/[kommun]/trygghetsvandringar/ny',
	'/app/[kommun]/trygghetsvandringar/rapporter',
	'/app/[kommun]/trygghetsvandringar/[walk]/andra'
]);

/** Pages for the municipality's working staff (coordinator and medarbetare), not its readers. */
const STAFF_ONLY = new Set(['/app/[kommun]/est/rapportera']);

/** Record routes are requested with an id that does not exist. */
const RECORD_PARAM = /\[(planId|roundId|promiseId|id|walk|finding|photo|meeting)\]/;

/** 'totp': allowed, and sent to switch on the second factor first (SSPF pages). */
type Expectation = 200 | 403 | 404 | 'login' | 'totp';

/** The demo's SSPF styrgrupp in Falun (sspf.demo.ts). */
const FALUN_STYRGRUPP = new Set([FALUN_COORDINATOR, FALUN_READER]);

/**
 * SSPF decides on its own groups and the case's consent, and asks every allowed person for TOTP
 * before anything else (no demo account has it on; e2e/sspf goes inside). Null: not an SSPF page.
 */
function sspfExpected(user: DemoUser, kommun: string, pattern: string): Expectation | null {
	if (!pattern.startsWith('/app/[kommun]/sspf')) return null;
	const inMunicipality = user.municipality === kommun;
	if (pattern.endsWith('/statistik')) {
		const steering = user.role === 'admin' || (inMunicipality && (user.role === 'samordnare' || (kommun === 'falun' && FALUN_STYRGRUPP.has(user.email))));
		return steering ? 'totp' : 403;
	}
	// Registering a case and the register extract: the SSPF coordinator only (no demo account above).
	if (pattern.endsWith('/nytt') || pattern.endsWith('/utdrag')) return 403;
	return inMunicipality && (user.role === 'samordnare' || user.role === 'medarbetare') ? 'totp' : 403;
}

function expected(user: DemoUser | null, kommun: string, pattern: string): Expectation {
	if (!user) return 'login';
	const sspf = sspfExpected(user, kommun, pattern);
	if (sspf !== null) return sspf;
	if (user.role === 'admin') return RECORD_PARAM.test(pattern) ? 404 : 200;
	if (user.municipality !== kommun) return 403;
	if (COORDINATOR_ONLY.has(pattern) && user.role !== 'samordnare') return 403;
	if (STAFF_ONLY.has(pattern) && user.role === 'lasare') return 403;
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
						const ok =
							want === 'login'
								? status === 303 && location.startsWith('/login?next=')
								: want === 'totp'
									? status === 303 && location === '/app/konto?tvafaktor=krav'
									: status === want;
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

/** The Falun people who are not the coordinator (or the admin), and the coordinator of the other municipality. */
const FALUN_POLICE = 'kommunpolis@falun.demo';
const FALUN_HOUSING = 'kopparstaden@falun.demo';
const NOT_FALUN_MANAGERS = [FALUN_POLICE, FALUN_HOUSING, FALUN_READER, SUNNE_COORDINATOR];
const FALUN_MEMBERS = [ADMIN, FALUN_COORDINATOR, FALUN_POLICE, FALUN_HOUSING, FALUN_READER];
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const unescapeHtml = (text: string) =>
	text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&amp;/g, '&');

/** The text fields of the form posting to `?/action`, as the page fills them in. */
function formFields(html: string, action: string): Record<string, string> {
	const form = new RegExp(`<form[^>]*action="\\?/${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1] ?? '';
	const fields: Record<string, string> = {};
	for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
		const name = /\sname="([^"]*)"/.exec(tag)?.[1];
		if (name && !/type="(checkbox|radio|file|submit)"/.test(tag)) fields[name] = unescapeHtml(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
	}
	for (const [, name, text] of form.matchAll(/<textarea[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[name] = unescapeHtml(text);
	return fields;
}

/** Requests as one demo user, with a context kept for the whole describe block. */
class People {
	private contexts = new Map<string, APIRequestContext>();
	async as(email: string): Promise<APIRequestContext> {
		let context = this.contexts.get(email);
		if (!context) this.contexts.set(email, (context = await newApiContext(email)));
		return context;
	}
	async post(email: string, path: string, form: Record<string, string>) {
		return (await this.as(email)).post(path, { form, headers: FORM_HEADERS, maxRedirects: 0 });
	}
	async text(email: string, path: string): Promise<string> {
		const response = await (await this.as(email)).get(path);
		expect(response.status(), `${email} GET ${path}`).toBe(200);
		return response.text();
	}
	/** The newest row of Falun's audit log as its coordinator sees it: unchanged means nothing was written. */
	async latestAuditRow(): Promise<string> {
		const html = await this.text(FALUN_COORDINATOR, '/app/falun/logg');
		return /<tbody>[\s\S]*?<tr>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
	}
	async dispose() {
		for (const context of this.contexts.values()) await context.dispose();
	}
}

/**
 * A form action on an existing demo record: who may post it (the change is then visible, and is put
 * back), and who may not (403 or 404, the record as it was and no new row in the audit log).
 */
interface WriteCase {
	/** The module and the policy action the use case asks. */
	what: string;
	path: string;
	allowed: string[];
	denied: string[];
	change: Record<string, string>;
	restore?: Record<string, string>;
	/** The record's state as the coordinator reads it. */
	state: () => Promise<string>;
	changed?: string;
}

test.describe('role matrix: form actions and endpoints on existing demo records', () => {
	const people = new People();
	const ids = { plan: '', planTitle: '', planPeriod: '', focusArea: '', promise: '', document: '', organisation: '', task: '', walk: '', finding: '' };
	let documentForm: Record<string, string> = {};
	let taskForm: Record<string, string> = {};
	let ownerForm: Record<string, string> = {};

	test.beforeAll(async () => {
		const coordinator = await people.as(FALUN_COORDINATOR);
		const plans = (await (await coordinator.get('/api/v1/kommuner/falun/atgardsplaner')).json()) as {
			id: string;
			title: string;
			period: string | null;
			status: string;
			focusAreas: { title: string }[];
		}[];
		const plan = plans.find((p) => p.status === 'beslutad')!;
		Object.assign(ids, { plan: plan.id, planTitle: plan.title, planPeriod: plan.period ?? '', focusArea: plan.focusAreas[0].title });
		ids.promise = new RegExp(`/app/falun/medborgarloften/(${UUID})`).exec(await people.text(FALUN_COORDINATOR, '/app/falun/medborgarloften'))![1];
		ids.document = new RegExp(`/app/falun/lagesbild/dokument/(${UUID})`).exec(await people.text(FALUN_COORDINATOR, '/app/falun/lagesbild/dokument'))![1];
		documentForm = formFields(await people.text(FALUN_COORDINATOR, `/app/falun/lagesbild/dokument/${ids.document}`), 'save');
		ids.organisation = new RegExp(`name="organisationId" value="(${UUID})"`).exec(await people.text(FALUN_COORDINATOR, '/app/falun/organisationer'))![1];
		// EST: the first task decided for Kopparstaden, as its staff see it on their task list.
		ids.task = new RegExp(`name="taskId" value="(${UUID})"`).exec(await people.text(FALUN_HOUSING, '/app/falun/est/uppgifter'))![1];
		taskForm = await estTask();
		// Walks: a finding already assigned to an organisation of the partnership (assigning sets "Tilldelad").
		const walks = await people.text(FALUN_COORDINATOR, '/app/falun/trygghetsvandringar');
		search: for (const [, walk] of walks.matchAll(new RegExp(`/app/falun/trygghetsvandringar/(${UUID})"`, 'g'))) {
			ids.walk = walk;
			const walkPage = await people.text(FALUN_COORDINATOR, `/app/falun/trygghetsvandringar/${walk}`);
			for (const [, finding, card] of walkPage.matchAll(new RegExp(`brist/(${UUID})">([\\s\\S]*?)</li>`, 'g'))) {
				if (!card.includes('<span class="status">Tilldelad</span>')) continue;
				const owner = await findingOwner(finding);
				if (!owner) continue;
				ids.finding = finding;
				ownerForm = { ownerOrganisationId: owner, ownerName: '', ownerEmail: '' };
				break search;
			}
		}
		// Every demo user signs in now: a sign-in is a row in the audit log, which the checks below compare.
		for (const email of [...FALUN_MEMBERS, SUNNE_COORDINATOR]) await people.as(email);
	});
	test.afterAll(() => people.dispose());

	const planStatus = async () =>
		((await (await (await people.as(FALUN_COORDINATOR)).get(`/api/v1/atgardsplaner/${ids.plan}`)).json()) as { status: string }).status;
	const promiseStatus = async () =>
		/<option value="(\w+)" selected/.exec(await people.text(FALUN_COORDINATOR, `/app/falun/medborgarloften/${ids.promise}`))?.[1] ?? '';
	const documentTitle = async () => formFields(await people.text(FALUN_COORDINATOR, `/app/falun/lagesbild/dokument/${ids.document}`), 'save').title ?? '';
	const count = (pattern: RegExp) => async (html: string) => String(html.match(pattern)?.length ?? 0);
	/** The task's form as its owning organisation's staff see it: status and comment. */
	async function estTask(): Promise<Record<string, string>> {
		const html = await people.text(FALUN_HOUSING, '/app/falun/est/uppgifter');
		const article = new RegExp(`<article[^>]*>(?:(?!</article>)[\\s\\S])*?value="${ids.task}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
		const status = /<option value="(\w+)" selected/.exec(article)?.[1] ?? '';
		const comment = /name="comment"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="comment"/.exec(article);
		return { taskId: ids.task, status, comment: unescapeHtml(comment?.[1] ?? comment?.[2] ?? '') };
	}
	const findingPath = (finding: string) => `/app/falun/trygghetsvandringar/${ids.walk}/brist/${finding}`;
	const findingOwner = async (finding: string) =>
		/<select[^>]*name="ownerOrganisationId"[\s\S]*?<option value="([^"]+)" selected/.exec(await people.text(FALUN_COORDINATOR, findingPath(finding)))?.[1] ??
		'';
	/** Another organisation of Falun than the finding's owner. */
	const otherOrganisation = () => (ids.organisation === ownerForm.ownerOrganisationId ? '' : ids.organisation);

	const cases = (): WriteCase[] => [
		{
			what: 'plans: plan.edit (the decided plan’s status)',
			path: `/app/falun/atgardsplan/${ids.plan}/beslut?/status`,
			allowed: [FALUN_COORDINATOR, ADMIN],
			denied: NOT_FALUN_MANAGERS,
			change: { title: ids.planTitle, period: ids.planPeriod, status: 'utkast' },
			restore: { title: ids.planTitle, period: ids.planPeriod, status: 'beslutad' },
			state: planStatus,
			changed: 'utkast'
		},
		{
			what: 'plans: round.open',
			path: `/app/falun/atgardsplan/${ids.plan}/uppfoljning?/open`,
			allowed: [],
			denied: NOT_FALUN_MANAGERS,
			change: { name: 'Inte tillåten omgång', dueDate: '2031-06-30' },
			state: async () => count(new RegExp(`/uppfoljning/${UUID}`, 'g'))(await people.text(FALUN_COORDINATOR, `/app/falun/atgardsplan/${ids.plan}/uppfoljning`))
		},
		{
			what: 'promises: promise.publish (the signed promise’s status)',
			path: `/app/falun/medborgarloften/${ids.promise}?/status`,
			allowed: [FALUN_COORDINATOR, ADMIN],
			denied: NOT_FALUN_MANAGERS,
			change: { status: 'undertecknat' },
			restore: { status: 'publicerat' },
			state: promiseStatus,
			changed: 'undertecknat'
		},
		{
			what: 'situation: situation.document.edit (the lägesbild draft’s text)',
			path: `/app/falun/lagesbild/dokument/${ids.document}?/save`,
			allowed: [FALUN_COORDINATOR, ADMIN],
			denied: NOT_FALUN_MANAGERS,
			change: { ...documentForm, title: `${documentForm.title} (rollmatris)` },
			restore: documentForm,
			state: documentTitle,
			changed: `${documentForm.title} (rollmatris)`
		},
		{
			what: 'situation: area.import (an area drawn as points)',
			path: '/app/falun/lagesbild/omraden?/draw',
			allowed: [],
			denied: NOT_FALUN_MANAGERS,
			change: { name: 'Inte tillåtet område', boundary: '60.60 15.60\n60.61 15.60\n60.61 15.62' },
			state: async () => count(/Inte tillåtet område/g)(await people.text(FALUN_COORDINATOR, '/app/falun/lagesbild/omraden'))
		},
		{
			what: 'organisations: organisation.edit (confirming an organisation)',
			path: '/app/falun/organisationer?/confirm',
			allowed: [],
			denied: NOT_FALUN_MANAGERS,
			change: { organisationId: ids.organisation, name: 'Inte tillåtet namn', type: 'annan' },
			state: async () => count(/Inte tillåtet namn/g)(await people.text(FALUN_COORDINATOR, '/app/falun/organisationer'))
		},
		{
			what: 'est: est.task.update (a task decided for Kopparstaden)',
			path: '/app/falun/est/uppgifter?/progress',
			allowed: [FALUN_HOUSING, FALUN_COORDINATOR],
			denied: [FALUN_POLICE, FALUN_READER, SUNNE_COORDINATOR],
			change: { taskId: ids.task, status: 'inte_klar', comment: 'Rollmatrisens kontroll' },
			restore: taskForm,
			state: async () => JSON.stringify(await estTask()),
			changed: JSON.stringify({ taskId: ids.task, status: 'inte_klar', comment: 'Rollmatrisens kontroll' })
		},
		{
			what: 'est: est.meeting.edit (recording a meeting)',
			path: '/app/falun/est/moten?/create',
			allowed: [],
			denied: NOT_FALUN_MANAGERS,
			change: { heldOn: '2031-01-15', notes: 'Inte tillåtet möte' },
			state: async () => count(/2031/g)(await people.text(FALUN_COORDINATOR, '/app/falun/est/moten'))
		},
		{
			what: 'walks: walk-finding.assign (a finding assigned to an organisation)',
			path: `${findingPath(ids.finding)}?/assign`,
			allowed: [FALUN_COORDINATOR, ADMIN],
			denied: NOT_FALUN_MANAGERS,
			change: { ownerOrganisationId: otherOrganisation(), ownerName: 'Trafikverket', ownerEmail: 'rollmatris@trafikverket.example' },
			restore: ownerForm,
			state: async () => (await findingOwner(ids.finding)) || 'utomstående',
			changed: otherOrganisation() || 'utomstående'
		},
		{
			what: 'walks: walk.plan (planning a walk)',
			path: '/app/falun/trygghetsvandringar/ny',
			allowed: [],
			denied: NOT_FALUN_MANAGERS,
			change: { title: 'Inte tillåten vandring', areaName: 'Centrum', walkAt: '2031-05-05T18:00', residentsExpected: '5', stops: 'Stationen' },
			state: async () => count(/Inte tillåten vandring/g)(await people.text(FALUN_COORDINATOR, '/app/falun/trygghetsvandringar'))
		}
	];

	test('the records exist and start as the demo seeds them', async () => {
		expect(await planStatus()).toBe('beslutad');
		expect(await promiseStatus()).toBe('publicerat');
		expect(await documentTitle()).toBe('Lägesbild för Falun – Brott och (o)trygghet');
		expect(Object.keys(documentForm)).toEqual(expect.arrayContaining(['title', 'periodFrom', 'periodTo']));
		expect(cases().map((c) => c.what.split(':')[0])).toEqual(expect.arrayContaining(['plans', 'promises', 'situation', 'organisations', 'est', 'walks']));
		expect(taskForm.status, 'the Kopparstaden task has a status').not.toBe('');
		expect(ids.finding, 'a demo finding assigned to an organisation').not.toBe('');
	});

	for (const index of cases().keys()) {
		test(`form action ${index + 1}: allowed people change the record, denied people get 403/404 and nothing is written`, async () => {
			const c = cases()[index];
			test.info().annotations.push({ type: 'case', description: c.what });
			const original = await c.state();
			for (const email of c.denied) {
				const before = await people.latestAuditRow();
				const response = await people.post(email, c.path, c.change);
				expect([403, 404], `${c.what}: ${email} → ${response.status()}`).toContain(response.status());
				expect(await c.state(), `${c.what}: ${email} changed the record`).toBe(original);
				expect(await people.latestAuditRow(), `${c.what}: ${email} wrote to the audit log`).toBe(before);
			}
			for (const email of c.allowed) {
				const response = await people.post(email, c.path, c.change);
				expect(response.status(), `${c.what}: ${email}`).toBe(303);
				expect(await c.state(), `${c.what}: ${email}`).toBe(c.changed);
				expect((await people.latestAuditRow()).includes(email), `${c.what}: ${email} is in the audit log`).toBe(true);
				const back = await people.post(email, c.path, c.restore!);
				expect(back.status(), `${c.what}: ${email} puts it back`).toBe(303);
				expect(await c.state()).toBe(original);
			}
		});
	}

	test('endpoints: crime points, plan export, the plan API and the EST export answer Falun’s people and refuse Sunne’s coordinator', async () => {
		const endpoints = [
			{ path: '/app/falun/lagesbild/karta/punkter.geojson', type: 'json', body: /"FeatureCollection"/ },
			{
				path: `/app/falun/atgardsplan/${ids.plan}/export/csv`,
				type: 'text/csv',
				body: new RegExp(ids.focusArea.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			},
			{ path: `/api/v1/atgardsplaner/${ids.plan}`, type: 'json', body: new RegExp(ids.plan) },
			{
				path: '/app/falun/est/export?format=geojson&fran=2020-01-01&till=2030-12-31',
				type: 'application/geo+json',
				body: /"FeatureCollection"[\s\S]*"kategori"/
			}
		];
		for (const endpoint of endpoints) {
			for (const email of FALUN_MEMBERS) {
				const response = await (await people.as(email)).get(endpoint.path, { maxRedirects: 0 });
				expect(response.status(), `${email} GET ${endpoint.path}`).toBe(200);
				expect(response.headers()['content-type'], endpoint.path).toContain(endpoint.type);
				expect(await response.text(), `${email} GET ${endpoint.path}`).toMatch(endpoint.body);
			}
			const refused = await (await people.as(SUNNE_COORDINATOR)).get(endpoint.path, { maxRedirects: 0 });
			expect([403, 404], `Sunne GET ${endpoint.path}`).toContain(refused.status());
			expect(await refused.text()).not.toMatch(endpoint.body);
			const anonymous = await (await newApiContext(null)).get(endpoint.path, { maxRedirects: 0 });
			expect([303, 401], `anonymous GET ${endpoint.path}`).toContain(anonymous.status());
		}
	});

	test('reading crime points is audited for the reader who reads them, and a refused read is not', async () => {
		const before = await people.latestAuditRow();
		expect((await (await people.as(SUNNE_COORDINATOR)).get('/app/falun/lagesbild/karta/punkter.geojson')).status()).toBe(403);
		expect(await people.latestAuditRow()).toBe(before);
		expect((await (await people.as(FALUN_READER)).get('/app/falun/lagesbild/karta/punkter.geojson')).status()).toBe(200);
		expect(await people.latestAuditRow()).toContain(FALUN_READER);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { addPriority, createMeeting, decideTask, updateTaskProgress } from './est.meetings.usecases';
import { open311CreateRequest, open311Request, open311Requests, open311Services, serviceCode } from './est.open311';
import { openApiDocument } from '../../platform/openapi';

const config = { smtpUrl: null, mailFrom: 'test@forebygg.local', origin: 'https://forebygg.test' };

describe(`EST Open311 GeoReport v2 (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let guard: Actor;
	let police: Actor;
	let reader: Actor;
	let coordinator: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = database.refs!.municipalities.falun.id;
		guard = await actorFor('kopparstaden@falun.demo');
		police = await actorFor('kommunpolis@falun.demo');
		reader = await actorFor('politiker@falun.demo');
		coordinator = await actorFor('samordnare@falun.demo');
	});
	afterAll(() => database.close());

	it('gives each category a stable service code', () => {
		expect(serviceCode('Brand/anlagd brand')).toBe('brand-anlagd-brand');
		expect(serviceCode('Olaglig moped-/EPA-körning')).toBe('olaglig-moped-epa-korning');
		expect(serviceCode('Mörk eller öde plats')).toBe('mork-eller-ode-plats');
	});

	it('lists the categories as services for staff, not for readers', async () => {
		const services = await open311Services({ db: database.db, actor: guard, municipalityId: falun });
		expect(services.map((s) => s.service_code)).toContain('belysning-ur-funktion');
		expect(services.find((s) => s.service_code === 'klotter')).toMatchObject({ service_name: 'Klotter', metadata: false, type: 'realtime' });
		await expect(open311Services({ db: database.db, actor: reader, municipalityId: falun })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a request becomes an EST report checked as the form checks one, and its caller follows it to closed', async () => {
		const now = new Date('2025-03-04T21:30:00Z'); // 22:30 in Sweden: kväll
		const [answer] = await open311CreateRequest({
			db: database.db,
			actor: guard,
			municipalityId: falun,
			input: {
				service_code: 'belysning-ur-funktion',
				address_string: 'Gruvparken, gångvägen',
				lat: '60.6034',
				long: '15.6262',
				description: 'Tre lampor trasiga',
				'attribute[paverkan]': '3'
			},
			ip: '192.0.2.1',
			now
		});
		expect(answer.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
		const [request] = await open311Request({ db: database.db, actor: guard, municipalityId: falun, id: answer.service_request_id });
		expect(request).toMatchObject({
			status: 'open',
			status_notes: 'Mottagen',
			service_code: 'belysning-ur-funktion',
			service_name: 'Belysning ur funktion',
			address: 'Gruvparken, gångvägen',
			lat: 60.6034,
			long: 15.6262,
			description: 'Tre lampor trasiga'
		});

		// Wrong service, a point abroad and a personal identity number: every problem named.
		const refused = await open311CreateRequest({
			db: database.db,
			actor: guard,
			municipalityId: falun,
			input: { service_code: 'finns-inte', lat: '48.85', long: '2.35', description: 'Gäller 19811218-9876' },
			ip: null,
			now
		}).catch((e) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(Object.keys((refused as ValidationError).fieldCodes).sort()).toEqual(['category', 'latitude']);
		const withNumber = await open311CreateRequest({
			db: database.db,
			actor: guard,
			municipalityId: falun,
			input: { service_code: 'klotter', address_string: 'Stationen', description: 'Gäller 19811218-9876' },
			ip: null,
			now
		}).catch((e) => e);
		expect((withNumber as ValidationError).fieldCodes.description).toEqual({ code: 'est.personal_identity_number' });
		await expect(
			open311CreateRequest({
				db: database.db,
				actor: reader,
				municipalityId: falun,
				input: { service_code: 'klotter', address_string: 'Stationen' },
				ip: null,
				now
			})
		).rejects.toBeInstanceOf(ForbiddenError);

		// Someone else's request is as unknown as a missing one.
		await expect(open311Request({ db: database.db, actor: police, municipalityId: falun, id: answer.service_request_id })).rejects.toBeInstanceOf(
			NotFoundError
		);
		expect(await open311Requests({ db: database.db, actor: police, municipalityId: falun, filter: {} })).toEqual([]);

		// The meeting decides an insats for the place; the owner marks it done: the request is closed.
		const meeting = await createMeeting({
			db: database.db,
			config,
			actor: coordinator,
			municipality: { id: falun, slug: 'falun' },
			input: { heldOn: '2025-03-05' },
			ip: null
		});
		await addPriority({ db: database.db, actor: coordinator, meetingId: meeting.id, input: { place: 'Gruvparken, gångvägen' }, ip: null });
		const task = await decideTask({
			db: database.db,
			config,
			actor: coordinator,
			meetingId: meeting.id,
			municipalitySlug: 'falun',
			input: {
				what: 'Byt lamporna',
				place: 'Gruvparken, gångvägen',
				organisationId: database.refs!.municipalities.falun.organisations.kopparstaden,
				dueOn: '2025-03-20'
			},
			ip: null
		});
		expect((await open311Requests({ db: database.db, actor: guard, municipalityId: falun, filter: { status: 'open' } }))[0].status_notes).toBe(
			'Åtgärd beslutad'
		);
		await updateTaskProgress({ db: database.db, config, actor: guard, taskId: task.id, municipalitySlug: 'falun', input: { status: 'klar' }, ip: null });
		const closed = await open311Requests({
			db: database.db,
			actor: guard,
			municipalityId: falun,
			filter: { status: 'closed', serviceCode: 'belysning-ur-funktion' }
		});
		expect(closed.map((r) => [r.service_request_id, r.status, r.status_notes])).toEqual([[answer.service_request_id, 'closed', 'Åtgärdad']]);
		expect(await open311Requests({ db: database.db, actor: guard, municipalityId: falun, filter: { status: 'open' } })).toEqual([]);
		expect(await open311Requests({ db: database.db, actor: guard, municipalityId: falun, filter: { endDate: '2000-01-01' } })).toEqual([]);
	});

	it('is in the OpenAPI document under its own server', () => {
		const document = openApiDocument('https://forebygg.test') as { paths: Record<string, { servers?: { url: string }[]; post?: unknown; get?: unknown }> };
		for (const path of ['/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests/{id}.json']) {
			expect(document.paths[path]?.servers?.[0]?.url, path).toBe('/api');
		}
		expect(document.paths['/open311/v2/requests.json'].post).toBeDefined();
		expect(document.paths['/open311/v2/requests.json'].get).toBeDefined();
	});
});

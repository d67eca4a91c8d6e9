import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { listAreaGeometries, listAreaRows, seedSituationDemo } from '../situation/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { findReportPhoto, insertReports } from './est.repository';
import {
	categoriesOf,
	createReport,
	cyclePicture,
	exportReports,
	myReports,
	reportFormData,
	setCategories,
	setCycleSettings,
	setParticipants
} from './est.usecases';

const TODAY = '2025-03-20';

describe(`EST reports (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let caretaker: Actor;
	let coordinator: Actor;
	let reader: Actor;
	let sunneCoordinator: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const reportCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from est_reports`))[0].n;
	const valid = {
		category: 'Klotter',
		place: 'Tallrisvägen 12, vid soprummet',
		occurredOn: '2025-03-18',
		timeOfDay: 'kvall',
		effect: '3',
		description: 'Nytt klotter på soprummets dörr och gaveln.'
	};
	const codesOf = async (promise: Promise<unknown>) => {
		const error = await promise.then(
			() => null,
			(caught: unknown) => caught
		);
		expect(error).toBeInstanceOf(ValidationError);
		return Object.fromEntries(Object.entries((error as ValidationError).fieldCodes).map(([field, { code }]) => [field, code]));
	};

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		await database.db.transaction((tx) => seedSituationDemo(tx, falunId));
		caretaker = await actorFor('kopparstaden@falun.demo');
		coordinator = await actorFor('samordnare@falun.demo');
		reader = await actorFor('politiker@falun.demo');
		sunneCoordinator = await actorFor('samordnare@sunne.demo');
	});
	afterAll(() => database.close());

	it('store a caretaker’s report with the organisation, audited without the free text', async () => {
		const { id } = await createReport({ db: database.db, actor: caretaker, municipalityId: falunId, input: valid, ip: '10.0.0.1', today: TODAY });
		const [row] = await queryRows<Record<string, unknown>>(
			database.db,
			sql`select category, place, occurred_on::text as occurred_on, time_of_day, effect, description, status, organisation_id from est_reports where id = ${id}`
		);
		expect(row).toEqual({
			category: 'Klotter',
			place: 'Tallrisvägen 12, vid soprummet',
			occurred_on: '2025-03-18',
			time_of_day: 'kvall',
			effect: 3,
			description: 'Nytt klotter på soprummets dörr och gaveln.',
			status: 'mottagen',
			organisation_id: database.refs!.municipalities.falun.organisations.kopparstaden
		});
		const [audit] = await queryRows<{ action: string; changes: Record<string, { after: unknown }> }>(
			database.db,
			sql`select action, changes from audit_log where entity_id = ${id}`
		);
		expect(audit.action).toBe('est.report.created');
		expect(audit.changes.description.after).toBe(true);
		expect(JSON.stringify(audit.changes)).not.toContain('soprummets dörr');
		expect((await myReports({ db: database.db, actor: caretaker, municipalityId: falunId })).map((r) => [r.category, r.status])).toEqual([
			['Klotter', 'mottagen']
		]);
	});

	it('refuse a personal identity number in the text (and in the place), writing nothing', async () => {
		const before = await reportCount();
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: { ...valid, description: 'Det var 811218-9876 som sprejade' },
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ description: 'est.personal_identity_number' });
		const error = await createReport({
			db: database.db,
			actor: caretaker,
			municipalityId: falunId,
			input: { ...valid, place: 'Hos 198112189876' },
			ip: null,
			today: TODAY
		}).catch((caught: ValidationError) => caught);
		expect((error as ValidationError).fieldErrors.place).toMatch(
			/^Texten innehåller ett personnummer\. EST handlar om platser och situationer, aldrig om enskilda personer/
		);
		expect((error as ValidationError).localise('en').fieldErrors.place).toMatch(/personal identity number/);
		expect(await reportCount()).toBe(before);
	});

	it('ask for a place, a listed category, a past date and an effect 1–4', async () => {
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: { ...valid, place: '', category: 'Hundbajs', occurredOn: '2025-04-02', effect: '5', timeOfDay: 'lunch' },
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ place: 'est.place_missing', effect: 'est.effect_invalid', timeOfDay: 'est.time_of_day_invalid' });
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: { ...valid, category: 'Hundbajs', occurredOn: '2025-04-02' },
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ category: 'est.category_invalid', occurredOn: 'est.occurred_on_future' });
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: { ...valid, latitude: '48.85', longitude: '2.35' },
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ latitude: 'est.point_outside' });
	});

	it('find the area from a tapped point, and check a picked area belongs to the municipality', async () => {
		const [area] = await listAreaGeometries(database.db, falunId, (await listAreaRows(database.db, falunId))[0].kind);
		const ring = area.geometry.type === 'Polygon' ? area.geometry.coordinates[0] : area.geometry.coordinates[0][0];
		// The mean of the corners of a demo area (convex enough) lies inside it.
		const lon = ring.slice(0, -1).reduce((sum, p) => sum + p[0], 0) / (ring.length - 1);
		const lat = ring.slice(0, -1).reduce((sum, p) => sum + p[1], 0) / (ring.length - 1);
		const { id } = await createReport({
			db: database.db,
			actor: caretaker,
			municipalityId: falunId,
			input: { ...valid, place: '', latitude: String(lat), longitude: String(lon) },
			ip: null,
			today: TODAY
		});
		const [row] = await queryRows<{ area_id: string | null }>(database.db, sql`select area_id from est_reports where id = ${id}`);
		expect(row.area_id).not.toBeNull();
		const containing = (await listAreaRows(database.db, falunId)).find((a) => a.id === row.area_id)!;
		expect(containing).toBeDefined();
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: { ...valid, areaId: '00000000-0000-4000-8000-000000000000' },
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ areaId: 'est.area_invalid' });
	});

	it('strip the photo’s position and camera, turn it upright and make it smaller', async () => {
		const phonePhoto = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#556b2f' } })
			.jpeg()
			.withMetadata({ orientation: 6 })
			.withExifMerge({
				IFD0: { Make: 'Telefonmakare', Model: 'Fältmodell' },
				IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 36/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '15/1 37/1 0/1' }
			})
			.toBuffer();
		const { id } = await createReport({
			db: database.db,
			actor: caretaker,
			municipalityId: falunId,
			input: valid,
			photo: new Uint8Array(phonePhoto),
			ip: null,
			today: TODAY
		});
		const stored = (await findReportPhoto(database.db, id))!.photo!;
		const metadata = await sharp(stored).metadata();
		expect(metadata.exif).toBeUndefined();
		expect([metadata.width, metadata.height]).toEqual([1067, 1600]);
		expect(Buffer.from(stored).includes('Fältmodell')).toBe(false);
		const before = await reportCount();
		expect(
			await codesOf(
				createReport({
					db: database.db,
					actor: caretaker,
					municipalityId: falunId,
					input: valid,
					photo: new TextEncoder().encode('inte en bild'),
					ip: null,
					today: TODAY
				})
			)
		).toEqual({ photo: 'file.photo_not_image' });
		expect(await reportCount()).toBe(before);
	});

	it('let only staff of the municipality report', async () => {
		await expect(createReport({ db: database.db, actor: reader, municipalityId: falunId, input: valid, ip: null, today: TODAY })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(
			createReport({ db: database.db, actor: sunneCoordinator, municipalityId: falunId, input: valid, ip: null, today: TODAY })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(reportFormData({ db: database.db, actor: reader, municipalityId: falunId })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('start from the default categories and let the coordinator edit them, audited', async () => {
		expect((await reportFormData({ db: database.db, actor: caretaker, municipalityId: falunId })).categories).toContain('Kanyler/sprutor');
		await setCategories({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			text: 'Klotter\n\n klotter \nSkadegörelse på lekplats\nAnnat',
			ip: null
		});
		expect(await categoriesOf(database.db, falunId)).toEqual(['Klotter', 'Skadegörelse på lekplats', 'Annat']);
		expect(await codesOf(setCategories({ db: database.db, actor: coordinator, municipalityId: falunId, text: ' \n ', ip: null }))).toEqual({
			categories: 'est.categories_empty'
		});
		await expect(setCategories({ db: database.db, actor: caretaker, municipalityId: falunId, text: 'Annat', ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		const [audit] = await queryRows<{ changes: Record<string, { before: string; after: string }> }>(
			database.db,
			sql`select changes from audit_log where action = 'est.categories.updated'`
		);
		expect(audit.changes.categories.after).toBe('Klotter; Skadegörelse på lekplats; Annat');
		expect(audit.changes.categories.before).toContain('Kanyler/sprutor');
	});

	it('let the coordinator choose participating organisations of the municipality only', async () => {
		const falunOrgs = database.refs!.municipalities.falun.organisations;
		await setParticipants({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			organisationIds: [falunOrgs.kopparstaden, falunOrgs.polis],
			ip: null
		});
		const sunneOrg = Object.values(database.refs!.municipalities.sunne.organisations)[0];
		expect(await codesOf(setParticipants({ db: database.db, actor: coordinator, municipalityId: falunId, organisationIds: [sunneOrg], ip: null }))).toEqual({
			participants: 'est.participant_unknown'
		});
		const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from est_participants`);
		expect(rows[0].n).toBe(2);
	});

	it('compile the cycle’s picture from the stored reports: this cycle, the one before, last year, and a repeat place', async () => {
		expect(await cyclePicture({ db: database.db, actor: reader, municipalityId: falunId, today: TODAY, noAreaLabel: '–' })).toBeNull();
		await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: { cadence: '14dagar', firstCycleStart: '2024-01-08' },
			ip: null
		});
		// 2025-03-20 is in cycle 32 (2025-03-17 – 2025-03-30); cycle 31 is 2025-03-03 – 2025-03-16.
		const base = { municipalityId: falunId, timeOfDay: 'natt', effect: 2, reportedBy: null };
		await insertReports(database.db, [
			{ ...base, category: 'Brand/anlagd brand', place: 'Gruvparken', occurredOn: '2025-03-17' },
			{ ...base, category: 'Brand/anlagd brand', place: 'gruvparken', occurredOn: '2025-03-05' },
			{ ...base, category: 'Brand/anlagd brand', place: 'Gruvparken.', occurredOn: '2025-02-20' },
			{ ...base, category: 'Klotter', place: 'Stationen', occurredOn: '2025-03-10' },
			{ ...base, category: 'Klotter', place: 'Stationen', occurredOn: '2024-03-20' }
		]);
		const picture = (await cyclePicture({ db: database.db, actor: reader, municipalityId: falunId, today: TODAY, noAreaLabel: '–' }))!;
		expect(picture.cycle).toEqual({ number: 32, start: '2025-03-17', end: '2025-03-30' });
		expect(picture.weeks).toEqual({ from: 12, to: 13 });
		// The reports filed earlier in this file (2025-03-18) count in cycle 31 too.
		const brand = picture.byCategory.find((row) => row.key === 'Brand/anlagd brand')!;
		expect([brand.current, brand.previous, brand.lastYear]).toEqual([1, 1, 0]);
		const klotter = picture.byCategory.find((row) => row.key === 'Klotter')!;
		expect([klotter.previous, klotter.lastYear]).toEqual([1, 1]);
		expect(picture.repeatPlaces.map((p) => [p.label, p.cycles, p.window])).toEqual([['Gruvparken', 3, 6]]);
		const earlier = (await cyclePicture({ db: database.db, actor: reader, municipalityId: falunId, today: TODAY, number: 31, noAreaLabel: '–' }))!;
		expect(earlier.totals.current).toBe(2);
		await expect(cyclePicture({ db: database.db, actor: sunneCoordinator, municipalityId: falunId, today: TODAY, noAreaLabel: '–' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});

	it('export a period as CSV and GeoJSON, audited', async () => {
		const csv = await exportReports({ db: database.db, actor: reader, municipalityId: falunId, format: 'csv', from: '2025-03-17', to: '2025-03-30', ip: null });
		const lines = csv
			.replace(/^\uFEFF/, '')
			.trim()
			.split(/\r?\n/);
		expect(lines[0]).toBe('id;datum;tid_pa_dygnet;kategori;plats;omrade;latitud;longitud;paverkan;beskrivning;status;kanal');
		expect(lines.some((line) => line.includes(';Gruvparken;'))).toBe(true);
		expect(lines.some((line) => line.includes('2025-03-10'))).toBe(false);
		const geojson = JSON.parse(
			await exportReports({ db: database.db, actor: reader, municipalityId: falunId, format: 'geojson', from: '2025-03-01', to: '2025-03-31', ip: null })
		);
		expect(geojson.features).toHaveLength(1);
		expect(geojson.features[0].properties.omrade).not.toBeNull();
		const audits = await queryRows<{ changes: Record<string, { after: unknown }> }>(
			database.db,
			sql`select changes from audit_log where action = 'est.reports.exported' order by id`
		);
		expect(audits.map((a) => a.changes.format.after)).toEqual(['csv', 'geojson']);
		await expect(
			exportReports({ db: database.db, actor: reader, municipalityId: falunId, format: 'csv', from: '2025-04-01', to: '2025-03-01', ip: null })
		).rejects.toBeInstanceOf(ValidationError);
	});
});

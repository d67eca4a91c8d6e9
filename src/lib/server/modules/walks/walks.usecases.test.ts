import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import {
	answerThroughOwnerLink,
	assignFinding,
	changeFindingState,
	listWalks,
	ownerLinkView,
	planWalk,
	recordFinding,
	revokeOwnerLink,
	scoreStop,
	updateChecklist,
	updateWalkPlan,
	publicWalkPhoto,
	publishedFindings,
	publishedWalkView,
	moderateResidentReport,
	recheckFinding,
	residentReportQueue,
	submitResidentReport,
	setPhotoPublication,
	setWalkPublished,
	walkDetail,
	walkProtocol
} from './walks.usecases';
import { meetingInvitation } from './walks.calendar';
import { findingsCsv, findingsGeoJson } from './walks.opendata';
import { sendFollowUpReminders } from './walks.jobs';
import { DEFAULT_CHECKLIST, stockholmDateTime } from './walks.models';

const config = { origin: 'https://forebygg.example', smtpUrl: null, mailFrom: 'noreply@forebygg.example' };

describe('walk times', () => {
	it('read a typed time as Swedish local time, summer and winter', () => {
		expect(stockholmDateTime('2026-05-12T18:00')?.toISOString()).toBe('2026-05-12T16:00:00.000Z');
		expect(stockholmDateTime('2026-11-12T18:30')?.toISOString()).toBe('2026-11-12T17:30:00.000Z');
		expect(stockholmDateTime('2026-02-30T18:00')).toBeNull();
		expect(stockholmDateTime('12/5 18.00')).toBeNull();
	});
});

describe(`Safety walks (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let orgs: Record<string, string>;
	let coordinator: Actor;
	let police: Actor;
	let housing: Actor;
	let reader: Actor;
	let sunneCoordinator: Actor;
	let walkId: string;
	let photo: Uint8Array;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const plan = (overrides: Record<string, unknown> = {}) => ({
		title: 'Trygghetsvandring Bojsenburg',
		areaId: '',
		areaName: 'Bojsenburg',
		meetingPlace: 'Bojsenburgs centrum, vid kiosken',
		organiser: 'Falu kommun, trygghetssamordnaren',
		invitedOrganisationIds: [orgs.polis, orgs.kopparstaden],
		residentsExpected: '12',
		preMeetingAt: '2026-04-20T18:00',
		walkAt: '2026-04-28T19:00',
		followUpAt: '2026-05-19T18:00',
		stops: 'Kiosken | 60.6005, 15.6100\nGångtunneln under Bojsenburgsvägen\nLekplatsen',
		route: '',
		previousWalkId: '',
		...overrides
	});
	const finding = (clientId: string, overrides: Record<string, unknown> = {}) => ({
		clientId,
		stopId: '',
		lat: '',
		lon: '',
		category: 'Belysning',
		description: 'Två armaturer släckta i gångtunneln.',
		proposedMeasure: 'Byt armaturerna och sätt skydd mot skadegörelse.',
		notedBy: '',
		...overrides
	});
	const auditActions = async () =>
		(await queryRows<{ action: string }>(database.db, sql`select action from audit_log where action like 'walks.%' order by id`)).map((r) => r.action);

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		orgs = database.refs!.municipalities.falun.organisations;
		coordinator = await actorFor('samordnare@falun.demo');
		police = await actorFor('kommunpolis@falun.demo');
		housing = await actorFor('kopparstaden@falun.demo');
		reader = await actorFor('politiker@falun.demo');
		sunneCoordinator = await actorFor('samordnare@sunne.demo');
		// A photo with EXIF GPS data, as a phone takes it.
		photo = new Uint8Array(
			await sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 40, g: 40, b: 60 } } })
				.jpeg()
				.withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 36/1 0/1' } })
				.toBuffer()
		);
	});
	afterAll(() => database.close());

	it('plan a walk with stops from text, the default checklist and the three meetings, audited', async () => {
		const result = await planWalk({ db: database.db, actor: coordinator, municipalityId: falunId, input: plan(), ip: '10.0.0.1' });
		walkId = result.id;
		expect(result.warnings).toEqual([]);
		const view = await walkDetail({ db: database.db, actor: reader, municipalityId: falunId, walkId });
		expect(view.walk.checklist).toEqual([...DEFAULT_CHECKLIST]);
		expect(view.stops.map((s) => [s.name, s.lat, s.lon])).toEqual([
			['Kiosken', 60.6005, 15.61],
			['Gångtunneln under Bojsenburgsvägen', null, null],
			['Lekplatsen', null, null]
		]);
		expect(view.walk.walkAt.toISOString()).toBe('2026-04-28T17:00:00.000Z');
		expect(view.walk.invitedOrganisations).toHaveLength(2);
		expect(await auditActions()).toEqual(['walks.walk.planned']);
	});

	it('warn above 20 residents, refuse a bad plan in Swedish and English, and refuse readers and other municipalities', async () => {
		const big = await planWalk({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: plan({ title: 'Stor', residentsExpected: '35' }),
			ip: null
		});
		expect(big.warnings).toEqual(['walks.warning.too_many_residents']);
		const error = await planWalk({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: plan({ title: '', walkAt: 'i morgon', stops: '', followUpAt: '2026-01-01T10:00' }),
			ip: null
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ValidationError);
		expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(['title', 'walkAt']);
		const later = await planWalk({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: plan({ stops: '', followUpAt: '2026-01-01T10:00' }),
			ip: null
		}).catch((caught: unknown) => caught as ValidationError);
		expect((later as ValidationError).fieldErrors).toEqual({
			stops: 'Lista minst ett stopp på rutten, ett per rad.',
			followUpAt: 'Uppföljningsmötet ska vara efter vandringen.'
		});
		expect((later as ValidationError).localise('en').fieldErrors.stops).toBe('List at least one stop on the route, one per line.');
		await expect(planWalk({ db: database.db, actor: reader, municipalityId: falunId, input: plan(), ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(walkDetail({ db: database.db, actor: sunneCoordinator, municipalityId: falunId, walkId })).rejects.toBeInstanceOf(ForbiddenError);
		const sunneId = database.refs!.municipalities.sunne.id;
		await expect(walkDetail({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, walkId })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('let the coordinator edit the checklist for new walks, and score stops 1–4', async () => {
		await updateChecklist({ db: database.db, actor: coordinator, municipalityId: falunId, text: 'Belysning\nVegetation\n\nBelysning\nKänsla', ip: null });
		const next = await planWalk({ db: database.db, actor: coordinator, municipalityId: falunId, input: plan({ title: 'Ny lista' }), ip: null });
		expect((await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId: next.id })).walk.checklist).toEqual([
			'Belysning',
			'Vegetation',
			'Känsla'
		]);
		const stops = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).stops;
		await scoreStop({ db: database.db, actor: police, municipalityId: falunId, walkId, stopId: stops[1].id, category: 'Belysning', score: 1, ip: null });
		await scoreStop({ db: database.db, actor: police, municipalityId: falunId, walkId, stopId: stops[1].id, category: 'Belysning', score: 2, ip: null });
		await expect(
			scoreStop({ db: database.db, actor: police, municipalityId: falunId, walkId, stopId: stops[1].id, category: 'Belysning', score: 5, ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		expect((await walkDetail({ db: database.db, actor: reader, municipalityId: falunId, walkId })).scores).toEqual([
			{ stopId: stops[1].id, category: 'Belysning', score: 2 }
		]);
	});

	it('record a finding once per client id, with its photo stripped and resized, and require a place', async () => {
		const stops = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).stops;
		const first = await recordFinding({
			db: database.db,
			actor: police,
			municipalityId: falunId,
			walkId,
			input: finding('phone-a-0001', { stopId: stops[1].id }),
			photos: [photo],
			ip: null
		});
		const again = await recordFinding({
			db: database.db,
			actor: housing,
			municipalityId: falunId,
			walkId,
			input: finding('phone-a-0001', { stopId: stops[1].id }),
			ip: null
		});
		expect(first).toMatchObject({ number: 1, created: true });
		expect(again).toEqual({ id: first.id, number: 1, created: false });
		const byPosition = await recordFinding({
			db: database.db,
			actor: housing,
			municipalityId: falunId,
			walkId,
			input: finding('phone-b-0001', { lat: '60.6011', lon: '15.6120', category: 'Vegetation', description: 'Buskage skymmer sikten mot lekplatsen.' }),
			ip: null
		});
		expect(byPosition).toMatchObject({ number: 2, created: true });
		const noPlace = await recordFinding({ db: database.db, actor: police, municipalityId: falunId, walkId, input: finding('phone-a-0002'), ip: null }).catch(
			(caught: unknown) => caught as ValidationError
		);
		expect((noPlace as ValidationError).fieldErrors.stopId).toBe('Välj stoppet där bristen finns, eller använd telefonens position.');
		await expect(
			recordFinding({ db: database.db, actor: reader, municipalityId: falunId, walkId, input: finding('reader-0001', { stopId: stops[0].id }), ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const [stored] = await queryRows<{ width: number; height: number; bytes: Uint8Array }>(
			database.db,
			sql`select width, height, bytes from walk_finding_photos where finding_id = ${first.id}`
		);
		expect([stored.width, stored.height]).toEqual([1600, 800]);
		expect((await sharp(Buffer.from(stored.bytes)).metadata()).exif).toBeUndefined();
		const view = await walkDetail({ db: database.db, actor: reader, municipalityId: falunId, walkId });
		expect(view.findings.map((f) => [f.number, f.state, f.notedBy])).toEqual([
			[1, 'ny', 'Kim Kommunpolis'],
			[2, 'ny', 'Karin Kopparstaden']
		]);
	});

	it('send an outside owner a personal link (only its hash kept) through which they answer their own findings only', async () => {
		const [tunnel, bushes] = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings;
		const assigned = await assignFinding({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			municipalitySlug: 'falun',
			findingId: tunnel.id,
			input: { ownerOrganisationId: '', ownerName: 'Trafikverket Region Mitt', ownerEmail: 'Belysning@Trafikverket.example' },
			config,
			ip: null
		});
		const token = assigned.ownerLinkToken!;
		expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
		const [mail] = await queryRows<{ to_address: string; body: string }>(
			database.db,
			sql`select to_address, body from mail_outbox order by created_at desc limit 1`
		);
		expect(mail.to_address).toBe('belysning@trafikverket.example');
		expect(mail.body).toContain(`https://forebygg.example/falun/trygghetsvandringar/svar/${token}`);
		const hashes = await queryRows<{ token_hash: string }>(database.db, sql`select token_hash from walk_owner_links`);
		expect(hashes.map((h) => h.token_hash)).not.toContain(token);
		await assignFinding({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			municipalitySlug: 'falun',
			findingId: bushes.id,
			input: { ownerOrganisationId: orgs.kopparstaden, ownerName: '', ownerEmail: '' },
			config,
			ip: null
		});
		const view = await ownerLinkView({ db: database.db, municipalityId: falunId, token, ip: null });
		expect(view.findings.map((f) => f.number)).toEqual([1]);
		await expect(
			answerThroughOwnerLink({
				db: database.db,
				municipalityId: falunId,
				token,
				findingId: bushes.id,
				input: { state: 'planerad', plannedOn: '2026-06-01', note: '', rejectReason: '' },
				ip: null
			})
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			answerThroughOwnerLink({
				db: database.db,
				municipalityId: falunId,
				token,
				findingId: tunnel.id,
				input: { state: 'avvisad', plannedOn: '', note: '', rejectReason: 'nej' },
				ip: null
			})
		).rejects.toMatchObject({ code: 'walks.state_not_allowed' });
		await answerThroughOwnerLink({
			db: database.db,
			municipalityId: falunId,
			token,
			findingId: tunnel.id,
			input: { state: 'planerad', plannedOn: '2026-06-01', note: 'Armaturerna byts i samband med vårens underhåll.', rejectReason: '' },
			ip: null
		});
		const after = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings[0];
		expect([after.state, after.plannedOn, after.answer]).toEqual(['planerad', '2026-06-01', 'Armaturerna byts i samband med vårens underhåll.']);
		expect(after.history.map((h) => [h.toState, h.by])).toEqual([
			['ny', 'Kim Kommunpolis'],
			['tilldelad', 'Sara Samordnare'],
			['planerad', 'Trafikverket Region Mitt <belysning@trafikverket.example>']
		]);
		const link = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).ownerLinks[0];
		expect(link).not.toHaveProperty('tokenHash');
		await revokeOwnerLink({ db: database.db, actor: coordinator, municipalityId: falunId, walkId, linkId: link.id, ip: null });
		await expect(ownerLinkView({ db: database.db, municipalityId: falunId, token, ip: null })).rejects.toBeInstanceOf(NotFoundError);
		await expect(ownerLinkView({ db: database.db, municipalityId: falunId, token: 'x'.repeat(43), ip: null })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('let only the owning organisation or the coordinator mark fixed, and only with a photo', async () => {
		const bushes = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings[1];
		const fixed = { state: 'atgardad', plannedOn: '', note: 'Buskaget är nerklippt.', rejectReason: '' };
		await expect(
			changeFindingState({ db: database.db, actor: police, municipalityId: falunId, findingId: bushes.id, input: fixed, ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);
		const noPhoto = await changeFindingState({ db: database.db, actor: housing, municipalityId: falunId, findingId: bushes.id, input: fixed, ip: null }).catch(
			(caught: unknown) => caught as ValidationError
		);
		expect((noPhoto as ValidationError).fieldErrors.photo).toBe('Bifoga ett foto som visar att bristen är åtgärdad.');
		await expect(
			changeFindingState({ db: database.db, actor: housing, municipalityId: falunId, findingId: bushes.id, input: { ...fixed, state: 'kvarstar' }, ip: null })
		).rejects.toBeInstanceOf(AppError);
		await changeFindingState({ db: database.db, actor: housing, municipalityId: falunId, findingId: bushes.id, input: fixed, photo, ip: null });
		const after = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings[1];
		expect(after.state).toBe('atgardad');
		expect(after.photos.map((p) => p.kind)).toEqual(['efter']);
		const rejected = await changeFindingState({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			findingId: bushes.id,
			input: { state: 'avvisad', plannedOn: '', note: '', rejectReason: '' },
			ip: null
		}).catch((caught: unknown) => caught as ValidationError);
		expect((rejected as ValidationError).fieldErrors.rejectReason).toBe('Skriv varför bristen avvisas.');
		const summary = await listWalks({ db: database.db, actor: reader, municipalityId: falunId });
		expect(summary.find((w) => w.id === walkId)).toMatchObject({ findings: 2, open: 1 });
		expect(await auditActions()).toEqual([
			'walks.walk.planned',
			'walks.walk.planned',
			'walks.checklist.updated',
			'walks.walk.planned',
			'walks.stop.scored',
			'walks.stop.scored',
			'walks.finding.recorded',
			'walks.finding.recorded',
			'walks.finding.assigned',
			'walks.owner_link.created',
			'walks.finding.assigned',
			'walks.owner_link.used',
			'walks.finding.answered',
			'walks.owner_link.revoked',
			'walks.finding.state_changed'
		]);
	});
	it('on a re-walk, load the earlier open and fixed findings and mark one kvarstår, another fixed with an after photo', async () => {
		const rewalk = await planWalk({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: plan({ title: 'Återvandring Bojsenburg', walkAt: '2026-10-20T19:00', preMeetingAt: '', followUpAt: '', previousWalkId: walkId }),
			ip: null
		});
		const view = await walkDetail({ db: database.db, actor: police, municipalityId: falunId, walkId: rewalk.id });
		expect(view.previous?.findings.map((f) => [f.number, f.state, f.checked])).toEqual([
			[1, 'planerad', false],
			[2, 'atgardad', false]
		]);
		const [tunnel, bushes] = view.previous!.findings;
		const remains = await recheckFinding({
			db: database.db,
			actor: police,
			municipalityId: falunId,
			walkId: rewalk.id,
			earlierFindingId: tunnel.id,
			outcome: 'kvarstar',
			ip: null
		});
		const twice = await recheckFinding({
			db: database.db,
			actor: police,
			municipalityId: falunId,
			walkId: rewalk.id,
			earlierFindingId: tunnel.id,
			outcome: 'kvarstar',
			ip: null
		});
		expect(twice).toEqual(remains);
		await expect(
			recheckFinding({ db: database.db, actor: police, municipalityId: falunId, walkId: rewalk.id, earlierFindingId: bushes.id, outcome: 'atgardad', ip: null })
		).rejects.toBeInstanceOf(ValidationError);
		await recheckFinding({
			db: database.db,
			actor: police,
			municipalityId: falunId,
			walkId: rewalk.id,
			earlierFindingId: bushes.id,
			outcome: 'atgardad',
			photo,
			ip: null
		});
		await expect(
			recheckFinding({ db: database.db, actor: police, municipalityId: falunId, walkId, earlierFindingId: bushes.id, outcome: 'kvarstar', ip: null })
		).rejects.toBeInstanceOf(NotFoundError);
		const after = await walkDetail({ db: database.db, actor: police, municipalityId: falunId, walkId: rewalk.id });
		expect(after.previous?.findings.map((f) => [f.state, f.checked])).toEqual([
			['kvarstar', true],
			['atgardad', true]
		]);
		expect(after.findings.map((f) => [f.state, f.previousFindingId, f.ownerLabel])).toEqual([
			['kvarstar', tunnel.id, 'Trafikverket Region Mitt'],
			['atgardad', bushes.id, after.findings[1].ownerLabel]
		]);
		const earlier = (await walkDetail({ db: database.db, actor: police, municipalityId: falunId, walkId })).findings;
		expect(earlier[0].history.at(-1)).toMatchObject({ fromState: 'planerad', toState: 'kvarstar', by: 'Kim Kommunpolis' });
		expect(earlier[1].photos.map((p) => p.kind)).toEqual(['efter', 'efter']);
	});

	it('write the follow-up protocol with every finding grouped by owner, state, answer and photos', async () => {
		const protocol = await walkProtocol({ db: database.db, actor: reader, municipalityId: falunId, walkId, format: 'docx', ip: null });
		const zip = await JSZip.loadAsync(protocol.bytes);
		const xml = await zip.file('word/document.xml')!.async('string');
		const text = xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '');
		expect(text).toContain('Protokoll: Trygghetsvandring Bojsenburg');
		expect(text).toContain('Brist 1: Belysning');
		expect(text).toContain('Brist 2: Vegetation');
		expect(text).toContain('Kvarstår efter återbesök');
		expect(text).toContain('Armaturerna byts i samband med vårens underhåll.');
		// Grouped by owner: each owner is a heading with its count, in alphabetical order.
		expect(text.indexOf('Kopparstaden')).toBeLessThan(text.indexOf('Trafikverket Region Mitt (1)'));
		// The map and all three photos (one before, the same after photo on finding 2 twice: once from its owner, once from the re-walk).
		expect(xml.match(/<wp:docPr /g)?.length).toBe(4);
		expect(await auditActions()).toContain('walks.protocol.exported');
	});

	it('invite to each meeting with a calendar event in UTC and a stable UID', () => {
		const ics = meetingInvitation({
			walk: { id: 'abc', title: 'Bojsenburg, våren', areaName: 'Bojsenburg', meetingPlace: 'Kiosken; vid torget', organiser: 'Falu kommun' },
			meeting: 'vandring',
			at: new Date('2026-04-28T17:00:00Z'),
			url: 'https://forebygg.example/app/falun/trygghetsvandringar/abc',
			host: 'forebygg.example',
			now: new Date('2026-04-01T10:00:00Z')
		});
		const lines = ics.split('\r\n');
		expect(lines).toContain('UID:walk-abc-vandring@forebygg.example');
		expect(lines).toContain('DTSTART:20260428T170000Z');
		expect(lines).toContain('DTEND:20260428T193000Z');
		expect(lines).toContain('LOCATION:Kiosken\\; vid torget');
		expect(lines).toContain('SUMMARY:Trygghetsvandring: Bojsenburg\\, våren');
	});
	it('show the public only published walks, no names of walkers, only photos marked publishable, and open data', async () => {
		await expect(publishedWalkView({ db: database.db, municipalityId: falunId, walkId })).rejects.toBeInstanceOf(NotFoundError);
		await expect(setWalkPublished({ db: database.db, actor: police, municipalityId: falunId, walkId, published: true, ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await setWalkPublished({ db: database.db, actor: coordinator, municipalityId: falunId, walkId, published: true, ip: null });
		const view = await publishedWalkView({ db: database.db, municipalityId: falunId, walkId });
		expect(view.findings.map((f) => [f.number, f.state, f.ownerLabel])).toEqual([
			[1, 'kvarstar', 'Trafikverket Region Mitt'],
			[2, 'atgardad', view.findings[1].ownerLabel]
		]);
		expect(JSON.stringify(view)).not.toContain('Kim Kommunpolis');
		expect(view.findings.flatMap((f) => f.photos)).toEqual([]);
		const internal = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings[0].photos[0];
		await expect(publicWalkPhoto({ db: database.db, municipalityId: falunId, photoId: internal.id })).rejects.toBeInstanceOf(NotFoundError);
		await setPhotoPublication({ db: database.db, actor: coordinator, municipalityId: falunId, photoId: internal.id, publishable: true, ip: null });
		expect((await publishedWalkView({ db: database.db, municipalityId: falunId, walkId })).findings[0].photos.map((p) => p.id)).toEqual([internal.id]);
		expect((await publicWalkPhoto({ db: database.db, municipalityId: falunId, photoId: internal.id })).mime).toBe('image/jpeg');
		const open = await publishedFindings({ db: database.db, municipalityId: falunId });
		expect(open.map((f) => f.walkId)).toEqual([walkId, walkId]);
		const csv = findingsCsv(open);
		expect(csv.split('\r\n')[0]).toContain('id;vandring;datum;omrade;nummer;kategori');
		expect(csv).toContain('Kvarstår efter återbesök');
		expect(csv).not.toContain('Kim Kommunpolis');
		const geo = findingsGeoJson(open, 'https://creativecommons.org/publicdomain/zero/1.0/');
		expect(geo.features.map((f) => f.geometry.coordinates)).toEqual([[15.612, 60.6011]]);
	});
	it('queue an anonymous resident report for the coordinator, who accepts it as a finding of a walk', async () => {
		const invalid = await submitResidentReport({
			db: database.db,
			municipalityId: falunId,
			input: { place: '', category: 'Spöken', description: 'x' },
			ip: null
		}).catch((caught: unknown) => caught as ValidationError);
		expect(Object.keys((invalid as ValidationError).fieldErrors).sort()).toEqual(['category', 'description', 'place']);
		await submitResidentReport({
			db: database.db,
			municipalityId: falunId,
			input: { place: 'Gångtunneln vid Lugnet', category: 'Belysning', description: 'Helt mörkt i tunneln på kvällarna.' },
			photo,
			ip: '10.1.1.1'
		});
		await expect(residentReportQueue({ db: database.db, actor: police, municipalityId: falunId })).rejects.toBeInstanceOf(ForbiddenError);
		const queue = await residentReportQueue({ db: database.db, actor: coordinator, municipalityId: falunId });
		expect(queue.reports.map((r) => [r.place, r.category, r.hasPhoto])).toEqual([['Gångtunneln vid Lugnet', 'Belysning', true]]);
		const accepted = await moderateResidentReport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			reportId: queue.reports[0].id,
			decision: 'godkand',
			walkId,
			ip: null
		});
		await expect(
			moderateResidentReport({
				db: database.db,
				actor: coordinator,
				municipalityId: falunId,
				reportId: queue.reports[0].id,
				decision: 'avvisad',
				walkId: '',
				ip: null
			})
		).rejects.toBeInstanceOf(NotFoundError);
		expect((await residentReportQueue({ db: database.db, actor: coordinator, municipalityId: falunId })).reports).toEqual([]);
		const finding = (await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId })).findings.find(
			(f) => f.id === accepted.findingId
		)!;
		expect([finding.state, finding.fromResidentReport, finding.photos.map((p) => [p.kind, p.publishable])]).toEqual(['ny', true, [['fore', false]]]);
		expect(finding.description).toContain('Plats: Gångtunneln vid Lugnet');
		expect(await auditActions()).toEqual(expect.arrayContaining(['walks.report.received', 'walks.report.moderated']));
	});
	it('remind owners of open findings once, a week before the follow-up meeting, with a fresh link for an outside owner', async () => {
		const early = await sendFollowUpReminders({ db: database.db, config, now: new Date('2026-05-01T08:00:00Z') });
		expect(early).toBe(0);
		const now = new Date('2026-05-14T08:00:00Z');
		expect(await sendFollowUpReminders({ db: database.db, config, now })).toBe(1);
		expect(await sendFollowUpReminders({ db: database.db, config, now })).toBe(0);
		const [mail] = await queryRows<{ to_address: string; subject: string; body: string }>(
			database.db,
			sql`select to_address, subject, body from mail_outbox where subject like 'Påminnelse%'`
		);
		expect(mail.to_address).toBe('belysning@trafikverket.example');
		expect(mail.subject).toContain('Trygghetsvandring Bojsenburg');
		expect(mail.body).toContain('Brist 1: Belysning');
		const token = /\/svar\/([\w-]+)/.exec(mail.body)![1];
		expect((await ownerLinkView({ db: database.db, municipalityId: falunId, token, ip: null, now })).findings.map((f) => f.number)).toEqual([1]);
	});
	it('change a planned walk, keeping its stops (and the findings on them) when the list is unchanged', async () => {
		const before = await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId });
		const result = await updateWalkPlan({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			input: plan({ followUpAt: '2026-05-26T18:00', residentsExpected: '22' }),
			ip: null
		});
		expect(result.warnings).toEqual(['walks.warning.too_many_residents']);
		const after = await walkDetail({ db: database.db, actor: coordinator, municipalityId: falunId, walkId });
		expect(after.stops.map((s) => s.id)).toEqual(before.stops.map((s) => s.id));
		expect(after.walk.followUpAt?.toISOString()).toBe('2026-05-26T16:00:00.000Z');
		const [audit] = await queryRows<{ changes: Record<string, { before: unknown; after: unknown }> }>(
			database.db,
			sql`select changes from audit_log where action = 'walks.walk.updated' order by id desc limit 1`
		);
		expect(Object.keys(audit.changes).sort()).toEqual(['followUpAt', 'residentsExpected']);
		await expect(updateWalkPlan({ db: database.db, actor: police, municipalityId: falunId, walkId, input: plan(), ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
	});
});

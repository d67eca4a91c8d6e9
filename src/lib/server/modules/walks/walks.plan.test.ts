import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { systemActor } from '../../platform/permissions';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { FALUN_PLAN_FIXTURE, getPlan, importPlan, parsePlanText } from '../plans/public';
import { listAreaRows, seedSituationDemo } from '../situation/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { invitationsToSend } from './walks.invitations';
import { findingLinks, findingToMeasure, linkFinding } from './walks.links';
import { planWalk, recordFinding, updateWalkPlan, walkMapView, walkPlanValues, setWalkPublished } from './walks.usecases';

const invite = { config: { origin: 'https://forebygg.example', smtpUrl: null, mailFrom: 'noreply@forebygg.example' }, municipalitySlug: 'falun' };

describe(`Planning, invitations, map and links of a walk (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let sunneId: string;
	let orgs: Record<string, string>;
	let coordinator: Actor;
	let reader: Actor;
	let walkId: string;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const plan = (overrides: Record<string, unknown> = {}) => ({
		title: 'Trygghetsvandring Bojsenburg',
		areaId: '',
		areaName: 'Bojsenburg',
		meetingPlace: 'Bojsenburgs centrum',
		organiser: 'Falu kommun',
		invitedOrganisationIds: [orgs.polis],
		residentsExpected: '12',
		preMeetingAt: '2026-04-20T18:00',
		walkAt: '2026-04-28T19:00',
		followUpAt: '2026-05-19T18:00',
		stops: 'Kiosken | 60.6005, 15.6100\nGångtunneln\nLekplatsen | 60.6012, 15.6131',
		route: '[[15.61,60.6005],[15.612,60.6008],[15.6131,60.6012]]',
		drawnArea: '',
		previousWalkId: '',
		...overrides
	});
	const outbox = () =>
		queryRows<{ to_address: string; subject: string; body: string; attachments: { filename: string; contentType: string; content: string }[] }>(
			database.db,
			sql`select to_address, subject, body, attachments from mail_outbox where subject like '%Inbjudan%' or subject like '%inbjudan%' order by created_at, subject`
		);
	const clearOutbox = () => database.db.execute(sql`delete from mail_outbox`);
	const members = async (organisationId: string) =>
		(
			await queryRows<{ email: string }>(
				database.db,
				sql`select distinct u.email from memberships m join users u on u.id = m.user_id where m.organisation_id = ${organisationId} and m.municipality_id = ${falunId} and not u.disabled`
			)
		).map((r) => r.email);

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		sunneId = database.refs!.municipalities.sunne.id;
		orgs = database.refs!.municipalities.falun.organisations;
		coordinator = await actorFor('samordnare@falun.demo');
		reader = await actorFor('politiker@falun.demo');
	});
	afterAll(() => database.close());

	it('plan a walk: each invited member gets one mail per meeting with its calendar invitation attached, after the plan is stored, audited', async () => {
		const result = await planWalk({ db: database.db, actor: coordinator, municipalityId: falunId, input: plan(), ip: null, invite });
		walkId = result.id;
		const police = await members(orgs.polis);
		expect(police.length).toBeGreaterThan(0);
		const mails = await outbox();
		expect(result.invitations).toBe(police.length * 3);
		expect(mails).toHaveLength(police.length * 3);
		expect(new Set(mails.map((m) => m.to_address))).toEqual(new Set(police));
		const walkMail = mails.find((m) => m.subject.includes('trygghetsvandringen'))!;
		expect(walkMail.subject).toMatch(/^Inbjudan: trygghetsvandringen 28 april 2026 kl. 19:00 – Trygghetsvandring Bojsenburg$/);
		expect(walkMail.attachments).toHaveLength(1);
		expect(walkMail.attachments[0].filename).toBe('trygghetsvandring-vandring.ics');
		expect(walkMail.attachments[0].content).toContain(`UID:walk-${walkId}-vandring@forebygg.example`);
		expect(walkMail.attachments[0].content).toContain('DTSTART:20260428T170000Z');
		const audit = await queryRows<{ changes: Record<string, { after: unknown }> }>(
			database.db,
			sql`select changes from audit_log where action = 'walks.invitation.sent' and entity_id = ${walkId}`
		);
		expect(audit).toHaveLength(1);
		expect(audit[0].changes.mails.after).toBe(police.length * 3);
	});

	it('a plan without invitations sends nothing, and a refused plan sends nothing', async () => {
		await clearOutbox();
		const quiet = await planWalk({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: plan({ invitedOrganisationIds: [] }),
			ip: null,
			invite
		});
		expect(quiet.invitations).toBe(0);
		await expect(
			planWalk({ db: database.db, actor: coordinator, municipalityId: falunId, input: plan({ stops: '' }), ip: null, invite })
		).rejects.toBeInstanceOf(ValidationError);
		expect(await outbox()).toHaveLength(0);
	});

	it('the edit page starts from the stored plan, and saving it unchanged sends no invitation', async () => {
		await clearOutbox();
		const { values } = await walkPlanValues({ db: database.db, actor: coordinator, municipalityId: falunId, walkId });
		expect(values).toMatchObject({
			title: 'Trygghetsvandring Bojsenburg',
			walkAt: '2026-04-28T19:00',
			preMeetingAt: '2026-04-20T18:00',
			invitedOrganisationIds: [orgs.polis],
			stops: 'Kiosken | 60.6005, 15.61\nGångtunneln\nLekplatsen | 60.6012, 15.6131',
			route: '[[15.61,60.6005],[15.612,60.6008],[15.6131,60.6012]]'
		});
		const same = await updateWalkPlan({ db: database.db, actor: coordinator, municipalityId: falunId, walkId, input: values, ip: null, invite });
		expect(same.invitations).toBe(0);
		expect(await outbox()).toHaveLength(0);
		await expect(walkPlanValues({ db: database.db, actor: reader, municipalityId: falunId, walkId })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a moved walk resends only that meeting to those invited; a newly invited organisation gets every meeting; the change is audited', async () => {
		await clearOutbox();
		const { values } = await walkPlanValues({ db: database.db, actor: coordinator, municipalityId: falunId, walkId });
		const result = await updateWalkPlan({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			input: { ...values, walkAt: '2026-04-29T19:30', invitedOrganisationIds: [orgs.polis, orgs.kopparstaden], residentsExpected: '25' },
			ip: null,
			invite
		});
		expect(result.warnings).toEqual(['walks.warning.too_many_residents']);
		const police = await members(orgs.polis);
		const housing = (await members(orgs.kopparstaden)).filter((email) => !police.includes(email));
		const mails = await outbox();
		expect(result.invitations).toBe(police.length + housing.length * 3);
		for (const mail of mails.filter((m) => police.includes(m.to_address))) {
			expect(mail.subject).toMatch(/^Ändrad inbjudan: trygghetsvandringen 29 april 2026 kl. 19:30/);
			expect(mail.attachments[0].content).toContain('DTSTART:20260429T173000Z');
			expect(mail.attachments[0].content).toMatch(/SEQUENCE:\d+/);
		}
		expect(mails.filter((m) => housing.includes(m.to_address))).toHaveLength(housing.length * 3);
		const [audit] = await queryRows<{ changes: Record<string, { before: unknown; after: unknown }> }>(
			database.db,
			sql`select changes from audit_log where action = 'walks.walk.updated' and entity_id = ${walkId} order by id desc limit 1`
		);
		expect(audit.changes.walkAt).toEqual({ before: '2026-04-28T17:00:00.000Z', after: '2026-04-29T17:30:00.000Z' });
		expect(audit.changes.residentsExpected).toEqual({ before: 12, after: 25 });
	});

	it('who is sent what after a change (pure rule)', () => {
		const at = (iso: string) => new Date(iso);
		const before = {
			id: 'w',
			title: 'T',
			areaName: 'A',
			meetingPlace: 'P',
			organiser: 'O',
			invitedOrganisationIds: ['a', 'b'],
			preMeetingAt: at('2026-04-20T16:00:00Z'),
			walkAt: at('2026-04-28T17:00:00Z'),
			followUpAt: null
		};
		expect(invitationsToSend(null, before)).toEqual([{ organisationIds: ['a', 'b'], meetings: ['formote', 'vandring'] }]);
		expect(invitationsToSend(before, { ...before })).toEqual([]);
		expect(invitationsToSend(before, { ...before, followUpAt: at('2026-05-19T16:00:00Z') })).toEqual([
			{ organisationIds: ['a', 'b'], meetings: ['uppfoljning'] }
		]);
		expect(invitationsToSend(before, { ...before, meetingPlace: 'Ny plats', invitedOrganisationIds: ['b', 'c'] })).toEqual([
			{ organisationIds: ['c'], meetings: ['formote', 'vandring'] },
			{ organisationIds: ['b'], meetings: ['formote', 'vandring'] }
		]);
	});

	it('a drawn area is stored as a polygon and drawn on the map with the route, stops and findings; a broken one is refused', async () => {
		const polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[15.609, 60.6],
					[15.615, 60.6],
					[15.615, 60.602],
					[15.609, 60.602],
					[15.609, 60.6]
				]
			]
		};
		const { values } = await walkPlanValues({ db: database.db, actor: coordinator, municipalityId: falunId, walkId });
		await updateWalkPlan({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			input: { ...values, drawnArea: JSON.stringify(polygon) },
			ip: null
		});
		const broken = await updateWalkPlan({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			input: { ...values, drawnArea: '{"type":"Polygon","coordinates":[[[15.6,60.6],[15.7,60.6]]]}' },
			ip: null
		}).catch((error: unknown) => error as ValidationError);
		expect(Object.keys((broken as ValidationError).fieldErrors)).toEqual(['drawnArea']);
		await recordFinding({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			input: {
				clientId: 'karta-0001',
				stopId: '',
				lat: '60.6007',
				lon: '15.6111',
				category: 'Belysning',
				description: 'Mörkt',
				proposedMeasure: '',
				notedBy: ''
			},
			ip: null
		});
		const map = await walkMapView({ db: database.db, actor: reader, municipalityId: falunId, walkId });
		expect(map.area).toEqual(polygon);
		expect(map.route).toEqual([
			[15.61, 60.6005],
			[15.612, 60.6008],
			[15.6131, 60.6012]
		]);
		expect(map.stops.map((s) => s.name)).toEqual(['Kiosken', 'Gångtunneln', 'Lekplatsen']);
		expect(map.findings).toEqual([expect.objectContaining({ number: 1, lat: 60.6007, lon: 15.6111, open: true })]);
		// The public map: only once published.
		await expect(walkMapView({ db: database.db, municipalityId: falunId, walkId, published: true })).rejects.toThrow();
		await setWalkPublished({ db: database.db, actor: coordinator, municipalityId: falunId, walkId, published: true, ip: null });
		expect((await walkMapView({ db: database.db, municipalityId: falunId, walkId, published: true })).area).toEqual(polygon);
	});

	it('a walk in a lägesbild area gets the area’s boundary on its map', async () => {
		await database.db.transaction((tx) => seedSituationDemo(tx, falunId));
		const [area] = await listAreaRows(database.db, falunId);
		const { id } = await planWalk({ db: database.db, actor: coordinator, municipalityId: falunId, input: plan({ areaId: area.id, areaName: '' }), ip: null });
		const map = await walkMapView({ db: database.db, actor: reader, municipalityId: falunId, walkId: id });
		expect((map.area as { type: string }).type).toMatch(/Polygon/);
		expect(map.walk.areaName).toBe(area.name);
	}, 120_000);

	it('a finding links to a plan measure and an EST report of the municipality, or becomes a new measure linking back; audited; others refused', async () => {
		const planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falunId,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		const [{ id: findingId, planMeasureId, estReportId }] = await queryRows<{ id: string; planMeasureId: string | null; estReportId: string | null }>(
			database.db,
			sql`select id, plan_measure_id as "planMeasureId", est_report_id as "estReportId" from walk_findings where walk_id = ${walkId}`
		);
		expect([planMeasureId, estReportId]).toEqual([null, null]);
		const [{ id: reportId }] = await queryRows<{ id: string }>(
			database.db,
			sql`insert into est_reports (municipality_id, category, place, occurred_on, effect) values (${falunId}, 'Skadegörelse', 'Gångtunneln', '2026-04-20', 3) returning id`
		);
		const [{ id: sunneReport }] = await queryRows<{ id: string }>(
			database.db,
			sql`insert into est_reports (municipality_id, category, place, occurred_on, effect) values (${sunneId}, 'Skadegörelse', 'Torget', '2026-04-20', 3) returning id`
		);
		const choices = (await findingLinks({ db: database.db, actor: coordinator, municipalityId: falunId, finding: { planMeasureId: null, estReportId: null } }))
			.choices!;
		expect(choices.measures.length).toBeGreaterThan(0);
		expect(choices.estReports.map((r) => r.id)).toContain(reportId);
		expect(choices.estReports.map((r) => r.id)).not.toContain(sunneReport);
		const measure = choices.measures[0];

		const refused = await linkFinding({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			findingId,
			planMeasureId: '00000000-0000-4000-8000-000000000000',
			estReportId: sunneReport,
			ip: null
		}).catch((error: unknown) => error as ValidationError);
		expect(Object.keys((refused as ValidationError).fieldErrors).sort()).toEqual(['estReportId', 'planMeasureId']);
		await expect(
			linkFinding({ db: database.db, actor: reader, municipalityId: falunId, walkId, findingId, planMeasureId: measure.id, estReportId: '', ip: null })
		).rejects.toBeInstanceOf(ForbiddenError);

		await linkFinding({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			walkId,
			findingId,
			planMeasureId: measure.id,
			estReportId: reportId,
			ip: '10.0.0.9'
		});
		const linked = await findingLinks({
			db: database.db,
			actor: reader,
			municipalityId: falunId,
			finding: { planMeasureId: measure.id, estReportId: reportId }
		});
		expect(linked.measure?.id).toBe(measure.id);
		expect(linked.estReport?.label).toBe('2026-04-20 · Skadegörelse · Gångtunneln');
		expect(linked.choices).toBeNull();

		const plan = await getPlan({ db: database.db, actor: coordinator, planId, municipalityId: falunId });
		const area = plan.focusAreas[0];
		const before = area.measures.length;
		const made = await findingToMeasure({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			municipalitySlug: 'falun',
			origin: 'https://forebygg.example',
			walkId,
			findingId,
			target: `${planId}|${area.id}`,
			ip: null
		});
		const after = (await getPlan({ db: database.db, actor: coordinator, planId, municipalityId: falunId })).focusAreas[0].measures;
		expect(after).toHaveLength(before + 1);
		const created = after.find((m) => m.id === made.measureId)!;
		expect(created.description).toContain(`https://forebygg.example/app/falun/trygghetsvandringar/${walkId}/brist/${findingId}`);
		const [row] = await queryRows<{ planMeasureId: string }>(
			database.db,
			sql`select plan_measure_id as "planMeasureId" from walk_findings where id = ${findingId}`
		);
		expect(row.planMeasureId).toBe(made.measureId);
		const actions = await queryRows<{ action: string }>(
			database.db,
			sql`select action from audit_log where entity_id = ${findingId} and action = 'walks.finding.linked'`
		);
		expect(actions).toHaveLength(2);
	});
});

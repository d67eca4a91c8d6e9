import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { AppError, ForbiddenError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { FALUN_PLAN_FIXTURE } from './module';
import { parsePlanText } from './plan-import';
import { parsePlanFile } from './plan-import';
import { confirmPlanImport, exportPlan, getPlan, importPlan, listPlans, previewPlanImport } from './plans.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe(`action plans (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let coordinator: Actor;
	const seedText = fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8');

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		coordinator = await actorFor(database, 'samordnare@falun.demo');
	});
	afterAll(() => database.close());

	it('imports the Falun plan with 3 focus areas and 16 + 12 + 5 measures, every column kept', async () => {
		const parsed = parsePlanText(seedText);
		const planId = await importPlan({ db: database.db, actor: coordinator, municipalityId: falunId, parsed, source: 'test' });
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		expect(plan.focusAreas.map((a) => a.measures.length)).toEqual([16, 12, 5]);
		const stored = plan.focusAreas.flatMap((a) => a.measures);
		const source = parsed.focusAreas.flatMap((a) => a.measures);
		for (const [i, measure] of source.entries()) {
			expect(stored[i]).toMatchObject({
				description: measure.description,
				time: measure.time,
				scope: measure.scope,
				responsibleText: measure.responsible,
				cost: measure.cost,
				goal: measure.goal,
				followUp: measure.followUp
			});
		}
		expect(plan.decisions.map((d) => d.date)).toContain('2024-09-27');
	});

	it('reads grant amounts, dates and responsible organisations from the text', async () => {
		const [summary] = await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId });
		const plan = await getPlan({ db: database.db, actor: coordinator, planId: summary.id });
		const measures = plan.focusAreas.flatMap((a) => a.measures);
		expect(measures.some((m) => m.costAmount === 557_000)).toBe(true);
		expect(measures.filter((m) => m.startDate !== null).length).toBeGreaterThan(10);
		const kopparstaden = measures.find((m) => m.responsible.some((r) => r.organisation === 'Kopparstaden'));
		expect(kopparstaden).toBeDefined();
		expect(measures.every((m) => m.responsible.filter((r) => r.lead).length <= 1)).toBe(true);
	});

	it('turns unknown responsible names into organisations to confirm instead of dropping them', async () => {
		const organisations = await listOrganisationsOfMunicipality(database.db, falunId);
		const toConfirm = organisations.filter((o) => o.needsConfirmation);
		expect(toConfirm.length).toBeGreaterThan(0);
		expect(organisations.filter((o) => o.name === 'Kopparstaden')).toHaveLength(1);
	});

	it('records the import in the audit log with the counts', async () => {
		const [row] = await findAuditRows(database.db, { action: 'plans.plan.imported', limit: 1, offset: 0 });
		expect(row.changes).toMatchObject({ measures: { after: 33 }, focusAreas: { after: 3 } });
		expect(row.municipalityId).toBe(falunId);
	});

	it('keeps Sunne out of Falun’s plans and readers out of imports', async () => {
		const sunne = await actorFor(database, 'samordnare@sunne.demo');
		const reader = await actorFor(database, 'politiker@falun.demo');
		const [summary] = await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId });
		await expect(getPlan({ db: database.db, actor: sunne, planId: summary.id })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(listPlans({ db: database.db, actor: sunne, municipalityId: falunId })).rejects.toBeInstanceOf(ForbiddenError);
		expect((await getPlan({ db: database.db, actor: reader, planId: summary.id })).title).toBe(summary.title);
		await expect(
			previewPlanImport({ db: database.db, actor: reader, municipalityId: falunId, source: { kind: 'text', text: seedText } })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('saves a previewed import once, and only by the person who previewed it', async () => {
		const before = (await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId })).length;
		const { draftId, parsed } = await previewPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			source: { kind: 'text', text: seedText }
		});
		expect(parsed.focusAreas).toHaveLength(3);
		const admin = await actorFor(database, 'admin@forebygg.demo');
		await expect(confirmPlanImport({ db: database.db, actor: admin, municipalityId: falunId, draftId, ip: null })).rejects.toMatchObject({
			code: 'plans.import_draft_gone'
		});
		await confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId, title: 'Åtgärdsplan 2025', ip: null });
		await expect(confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId, ip: null })).rejects.toMatchObject({
			code: 'plans.import_draft_gone'
		});
		expect((await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId })).length).toBe(before + 1);
	});

	it('gives clear Swedish messages for bad files and saves nothing', async () => {
		const before = (await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId })).length;
		const preview = (fileName: string, data: Uint8Array) =>
			previewPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, source: { kind: 'file', fileName, data } });
		await expect(preview('plan.docx', new TextEncoder().encode('det här är ingen zip'))).rejects.toBeInstanceOf(AppError);
		await expect(preview('plan.docx', new Uint8Array(21 * 1024 * 1024))).rejects.toMatchObject({ code: 'plans.import_too_large' });
		await expect(preview('plan.pdf', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ message: expect.stringMatching(/stöds inte/) });
		const noTable = await preview('plan.csv', new TextEncoder().encode('Namn;Datum\nA;2024\n'));
		expect(noTable.parsed.problems.some((p) => p.severity === 'error')).toBe(true);
		await expect(confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId: noTable.draftId, ip: null })).rejects.toMatchObject(
			{ code: 'plans.import_has_errors' }
		);
		expect((await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId })).length).toBe(before);
	});

	it('answers an unknown plan id with a not-found error, not a database error', async () => {
		await expect(getPlan({ db: database.db, actor: coordinator, planId: 'inte-ett-id' })).rejects.toMatchObject({ code: 'plans.plan_not_found' });
		await expect(getPlan({ db: database.db, actor: coordinator, planId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ status: 404 });
	});

	for (const format of ['docx', 'xlsx', 'csv', 'json'] as const) {
		it(`exports the stored plan as ${format} that imports back to the same measures, and audits the export`, async () => {
			const [summary] = await listPlans({ db: database.db, actor: coordinator, municipalityId: falunId });
			const plan = await getPlan({ db: database.db, actor: coordinator, planId: summary.id });
			const file = await exportPlan({
				db: database.db,
				actor: coordinator,
				planId: plan.id,
				municipality: { id: falunId, officialName: 'Falu kommun' },
				format,
				ip: null
			});
			const back = await parsePlanFile(file.body, file.fileName);
			const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
			const original = plan.focusAreas.flatMap((a) =>
				a.measures.map((m) => [m.description, m.time, m.scope, m.responsibleText, m.cost, m.goal, m.followUp].map(normalise))
			);
			const reimported = back.focusAreas.flatMap((a) =>
				a.measures.map((m) => [m.description, m.time, m.scope, m.responsible, m.cost, m.goal, m.followUp].map(normalise))
			);
			expect(reimported).toEqual(original);
			const [audit] = await findAuditRows(database.db, { action: 'plans.plan.exported', limit: 1, offset: 0 });
			expect(audit.changes).toEqual({ format: { before: null, after: format } });
		});
	}
});

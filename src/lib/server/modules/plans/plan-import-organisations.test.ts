/**
 * A plan from another municipality's file saved through the preview: near matches to known
 * organisations are suggestions the user answers, co-responsible parties and indicators are
 * stored as data, and nothing links to another municipality's police area.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { insertOrganisation, listOrganisationsOfMunicipality } from '../organisations/public';
import { findMemberships, findUserByEmail } from '../users/public';
import { confirmPlanImport, getPlan, previewPlanImport } from './plans.usecases';

const headerOnce = readFileSync(new URL('./fixtures/header-once-focus-rows.tsv', import.meta.url), 'utf8');

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

describe(`plan import: organisations, co-responsible parties and indicators (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let coordinator: Actor;
	let socialServicesId: string;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		socialServicesId = (await insertOrganisation(database.db, { name: 'Socialtjänsten i Falun', type: 'forvaltning' }, [falunId])).id;
	});
	afterAll(() => database.close());

	const planText = (responsible: string) => headerOnce.replace('Utbildningsförvaltningen\t', `${responsible}\t`);

	it('suggests a near match in the preview and links it only when the user says it is the same', async () => {
		const preview = await previewPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			source: { kind: 'text', text: planText('Socialtjänst i Falun') }
		});
		expect(preview.parsed.focusAreas.map((a) => a.measures.length)).toEqual([2, 2, 1]);
		const suggestion = preview.suggestions.find((s) => s.name === 'Socialtjänst i Falun');
		expect(suggestion?.suggestion).toEqual({ id: socialServicesId, name: 'Socialtjänsten i Falun' });

		const planId = await confirmPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			draftId: preview.draftId,
			ip: null,
			sameAs: { [suggestion!.key]: socialServicesId }
		});
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const school = plan.focusAreas[1].measures[1];
		expect(school.responsible.filter((r) => r.lead)).toEqual([
			expect.objectContaining({ organisation: 'Socialtjänsten i Falun', organisationId: socialServicesId })
		]);
		expect((await listOrganisationsOfMunicipality(database.db, falunId)).some((o) => o.name === 'Socialtjänst i Falun')).toBe(false);
	});

	it('creates the near name as an organisation to confirm when the user does not answer', async () => {
		const preview = await previewPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			source: { kind: 'text', text: planText('Socialtjänst i Falun') }
		});
		await confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId: preview.draftId, ip: null });
		const created = (await listOrganisationsOfMunicipality(database.db, falunId)).find((o) => o.name === 'Socialtjänst i Falun');
		expect(created?.needsConfirmation).toBe(true);
	});

	it('ignores a "same as" answer naming an organisation outside the municipality', async () => {
		const sunneId = database.refs!.municipalities.sunne.id;
		const sunneOrg = (await insertOrganisation(database.db, { name: 'Fältgruppen Sunne', type: 'annan' }, [sunneId])).id;
		const preview = await previewPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			source: { kind: 'text', text: planText('Ungdomsmottagningen') }
		});
		const planId = await confirmPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			draftId: preview.draftId,
			ip: null,
			sameAs: { ungdomsmottagningen: sunneOrg }
		});
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		expect(plan.focusAreas.flatMap((a) => a.measures).flatMap((m) => m.responsible.map((r) => r.organisationId))).not.toContain(sunneOrg);
	});

	it('stores co-responsible parties as non-lead responsibles and the indicator column as indicators', async () => {
		const preview = await previewPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, source: { kind: 'text', text: headerOnce } });
		const planId = await confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId: preview.draftId, ip: null });
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const [walks] = plan.focusAreas[0].measures;
		expect(walks.responsible.filter((r) => r.lead).map((r) => r.organisation)).toEqual(['Samhällsbyggnadsförvaltningen']);
		expect(walks.responsible.map((r) => r.organisation)).toContain('Fastighetsbolaget Hemmet');
		expect(walks.indicators).toEqual([{ name: 'Andel som känner sig trygga i centrum', unit: '%', baseline: 62, target: 75 }]);
		const parents = plan.focusAreas[1].measures[0];
		expect(parents.responsible.map((r) => r.organisation)).toEqual(
			expect.arrayContaining(['Socialtjänsten', 'Fältgruppen', 'Föreningen Nattvandrarna', 'Svenska kyrkan'])
		);
	});

	it('never links "Lokalpolisområde Ludvika" to the municipality’s own police area', async () => {
		const preview = await previewPlanImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			source: { kind: 'text', text: planText('Lokalpolisområde Ludvika') }
		});
		const planId = await confirmPlanImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId: preview.draftId, ip: null });
		const plan = await getPlan({ db: database.db, actor: coordinator, planId });
		const school = plan.focusAreas[1].measures[1];
		expect(school.responsible.find((r) => r.lead)).toMatchObject({ organisation: 'Lokalpolisområde Ludvika', toConfirm: true });
	});
});

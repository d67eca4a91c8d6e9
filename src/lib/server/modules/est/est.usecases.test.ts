import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { currentCycle } from './est.models';
import { estOverview, setCycleSettings } from './est.usecases';

describe('EST cycles', () => {
	it('count whole weeks or fortnights from the first cycle', () => {
		expect(currentCycle('14dagar', '2025-01-06', '2025-01-06')).toEqual({ number: 1, start: '2025-01-06', end: '2025-01-19' });
		expect(currentCycle('14dagar', '2025-01-06', '2025-01-20')).toEqual({ number: 2, start: '2025-01-20', end: '2025-02-02' });
		expect(currentCycle('vecka', '2025-01-06', '2025-03-02')).toEqual({ number: 8, start: '2025-02-24', end: '2025-03-02' });
	});
	it('follow calendar months, clamping to a short month', () => {
		expect(currentCycle('manad', '2025-01-31', '2025-02-28')).toEqual({ number: 2, start: '2025-02-28', end: '2025-03-30' });
		expect(currentCycle('manad', '2025-01-15', '2025-01-14')).toEqual({ number: 1, start: '2025-01-15', end: '2025-02-14' });
		expect(currentCycle('manad', '2025-01-15', '2025-12-20')).toEqual({ number: 12, start: '2025-12-15', end: '2026-01-14' });
	});
});

describe(`EST settings (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let coordinator: Actor;
	let reader: Actor;
	let sunneCoordinator: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const auditRows = async () =>
		queryRows<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>(
			database.db,
			sql`select action, changes from audit_log where action like 'est.%' order by id`
		);

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		coordinator = await actorFor('samordnare@falun.demo');
		reader = await actorFor('politiker@falun.demo');
		sunneCoordinator = await actorFor('samordnare@sunne.demo');
	});
	afterAll(() => database.close());

	it('start empty: no cadence, no cycle, no reports', async () => {
		const view = await estOverview({ db: database.db, actor: reader, municipalityId: falunId });
		expect(view).toMatchObject({ settings: null, cycle: null, reports: [] });
		expect(view.categories).toHaveLength(14);
		expect(view.organisations.every((o) => !o.participates)).toBe(true);
	});

	it('let the coordinator set the cadence, audited, and everyone in the municipality see the current cycle', async () => {
		await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: { cadence: '14dagar', firstCycleStart: '2025-01-06' },
			ip: null
		});
		const view = await estOverview({ db: database.db, actor: reader, municipalityId: falunId, today: '2025-01-21' });
		expect(view.settings).toEqual({ cadence: '14dagar', firstCycleStart: '2025-01-06', retentionMonths: 24 });
		expect(view.cycle).toEqual({ number: 2, start: '2025-01-20', end: '2025-02-02' });
		await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: { cadence: 'vecka', firstCycleStart: '2025-01-06' },
			ip: null
		});
		expect(await auditRows()).toEqual([
			{
				action: 'est.cycle_settings.updated',
				changes: { cadence: { before: null, after: '14dagar' }, firstCycleStart: { before: null, after: '2025-01-06' } }
			},
			{
				action: 'est.cycle_settings.updated',
				changes: { cadence: { before: '14dagar', after: 'vecka' }, firstCycleStart: { before: '2025-01-06', after: '2025-01-06' } }
			}
		]);
	});

	it('refuse readers and other municipalities, and write nothing', async () => {
		const input = { cadence: 'manad', firstCycleStart: '2025-02-01' };
		await expect(setCycleSettings({ db: database.db, actor: reader, municipalityId: falunId, input, ip: null })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(setCycleSettings({ db: database.db, actor: sunneCoordinator, municipalityId: falunId, input, ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(estOverview({ db: database.db, actor: sunneCoordinator, municipalityId: falunId })).rejects.toBeInstanceOf(ForbiddenError);
		expect((await estOverview({ db: database.db, actor: coordinator, municipalityId: falunId })).settings?.cadence).toBe('vecka');
	});

	it('explain a wrong cadence or date in Swedish, and in English at the edge', async () => {
		const error = await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			input: { cadence: 'dagligen', firstCycleStart: '13/1 2025' },
			ip: null
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ValidationError);
		const invalid = error as ValidationError;
		expect(invalid.fieldErrors).toEqual({
			cadence: 'Välj hur ofta EST-gruppen träffas.',
			firstCycleStart: 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-13.'
		});
		expect(invalid.localise('en').fieldErrors.cadence).toBe('Choose how often the EST group meets.');
	});
});

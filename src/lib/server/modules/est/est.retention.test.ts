import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { insertReports } from './est.repository';
import { applyReportRetention, retentionCutoff } from './est.retention';
import { estOverview, setCycleSettings } from './est.usecases';

describe(`EST retention (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
	}, 120_000);
	afterAll(() => database.close());

	it('counts whole months back, clamping to a short month', () => {
		expect(retentionCutoff('2026-12-03', 24)).toBe('2024-12-03');
		expect(retentionCutoff('2026-03-31', 1)).toBe('2026-02-28');
	});

	it('removes free text and photos after 24 months, keeps the rows, and audits it once', async () => {
		const municipalityId = database.refs!.municipalities.falun.id;
		const base = {
			municipalityId,
			category: 'Klotter',
			place: 'Stationen',
			timeOfDay: 'dag',
			effect: 2,
			description: 'Klotter på väggen',
			photo: new Uint8Array([1, 2, 3])
		};
		await insertReports(database.db, [
			{ ...base, occurredOn: '2024-12-02' },
			{ ...base, occurredOn: '2024-12-03' }
		]);
		expect(await applyReportRetention(database.db, '2026-12-03')).toBe(1);
		expect(await applyReportRetention(database.db, '2026-12-03')).toBe(0);
		const rows = await queryRows<{ occurred_on: string; description: string; has_photo: boolean; removed: boolean }>(
			database.db,
			sql`select occurred_on::text, description, photo is not null as has_photo, content_removed_at is not null as removed from est_reports order by occurred_on`
		);
		expect(rows).toEqual([
			{ occurred_on: '2024-12-02', description: '', has_photo: false, removed: true },
			{ occurred_on: '2024-12-03', description: 'Klotter på väggen', has_photo: true, removed: false }
		]);
		const audit = await queryRows<{ action: string; user_email: string }>(database.db, sql`select action, user_email from audit_log where action like 'est.%'`);
		expect(audit).toEqual([{ action: 'est.report_content.removed', user_email: 'system:scheduled-job' }]);
	});

	it('the coordinator sets the retention time (1–120 months); the job then keeps the text that long', async () => {
		const municipalityId = database.refs!.municipalities.falun.id;
		const user = (await findUserByEmail(database.db, 'samordnare@falun.demo'))!;
		const coordinator = {
			kind: 'person' as const,
			userId: user.id,
			email: user.email,
			name: user.name,
			memberships: await findMemberships(database.db, user.id)
		};
		const settings = { cadence: '14dagar', firstCycleStart: '2025-01-06' };
		const refused = await setCycleSettings({
			db: database.db,
			actor: coordinator,
			municipalityId,
			input: { ...settings, retentionMonths: '0' },
			ip: null
		}).catch((e) => e);
		expect((refused as ValidationError).fieldCodes).toEqual({ retentionMonths: { code: 'est.retention_months_invalid' } });
		await setCycleSettings({ db: database.db, actor: coordinator, municipalityId, input: { ...settings, retentionMonths: '12' }, ip: null });
		// Saving the cadence alone keeps the retention time.
		await setCycleSettings({ db: database.db, actor: coordinator, municipalityId, input: { ...settings, cadence: 'vecka' }, ip: null });
		expect((await estOverview({ db: database.db, actor: coordinator, municipalityId })).settings).toEqual({
			cadence: 'vecka',
			firstCycleStart: '2025-01-06',
			retentionMonths: 12
		});
		expect(await applyReportRetention(database.db, '2025-12-03')).toBe(0);
		expect(await applyReportRetention(database.db, '2025-12-04')).toBe(1);
		const changes = await queryRows<{ changes: Record<string, unknown> }>(
			database.db,
			sql`select changes from audit_log where action = 'est.cycle_settings.updated' order by id`
		);
		expect(changes.map((c) => Object.keys(c.changes).sort())).toEqual([
			['cadence', 'firstCycleStart', 'retentionMonths'],
			['cadence', 'firstCycleStart']
		]);
	});
});

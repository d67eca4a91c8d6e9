import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EN_MESSAGES, SV_MESSAGES } from '$lib/i18n/catalogue.generated';
import { createTranslator } from '$lib/i18n';
import { auditEventText } from '$lib/modules/audit/event-text';
import { queryRows } from '../../db/client';
import { systemActor } from '../../platform/authz';
import { auditEventMessageKey, defineAuditEvents, valuesInSensitiveChanges } from '../../platform/audit-events';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { AUDIT_EVENTS, type AuditEventType } from '../audit-events.generated';
import { SERVER_MODULES } from '../registry';
import { recordAudit } from './audit.usecases';

const sv: Record<string, string> = SV_MESSAGES;
const en: Record<string, string> = EN_MESSAGES;

describe('the declared audit event types', () => {
	it('have a readable text in Swedish and English', () => {
		const missing = Object.keys(AUDIT_EVENTS).flatMap((type) => {
			const key = auditEventMessageKey(type);
			return [...(key in sv ? [] : [`sv ${key}`]), ...(key in en ? [] : [`en ${key}`])];
		});
		expect(Object.keys(AUDIT_EVENTS).length).toBeGreaterThan(50);
		expect(missing).toEqual([]);
	});

	it('are each named <module>.<entity>.<verb> and declared by that module in its manifest', () => {
		const byManifests = SERVER_MODULES.flatMap((module) => Object.keys(module.auditEvents ?? {}).map((type) => [module.id, type] as const));
		expect(byManifests.map(([, type]) => type).sort()).toEqual(Object.keys(AUDIT_EVENTS).sort());
		for (const [moduleId, type] of byManifests) expect(type).toMatch(new RegExp(`^${moduleId}\\.[a-z_]+\\.[a-z_]+$`));
		expect(() => defineAuditEvents('plans', { 'promises.promise.updated': {} })).toThrow(/plans\.<entity>\.<verb>/);
		expect(() => defineAuditEvents('plans', { 'plans.measure_updated': {} })).toThrow();
	});

	it('are the only action strings the code writes: every literal passed as an audit action is declared', () => {
		const root = path.resolve(import.meta.dirname, '..');
		const files = (dir: string): string[] =>
			fs
				.readdirSync(dir, { withFileTypes: true })
				.flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
		const undeclared = new Set<string>();
		for (const file of files(root)) {
			for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
				if (!/action: |auditWrite\(|refuse\(/.test(line) || line.includes('AppError(')) continue;
				for (const [, literal] of line.matchAll(/'([a-z]+\.[a-z_]+\.[a-z_]+)'/g)) if (!(literal in AUDIT_EVENTS)) undeclared.add(literal);
			}
		}
		expect([...undeclared]).toEqual([]);
	});

	it('show as readable text in the log, and an old undeclared type as it was written', () => {
		expect(auditEventText(createTranslator('sv'), 'plans.measure.updated')).toBe('Åtgärd ändrad');
		expect(auditEventText(createTranslator('en'), 'plans.measure.updated')).toBe('Measure updated');
		expect(auditEventText(createTranslator('sv'), 'plans.measure_updated')).toBe('plans.measure_updated');
	});

	it('let a sensitive event carry field names, booleans and record ids only', () => {
		expect(
			valuesInSensitiveChanges({ consent: { before: null, after: '0b7c5a54-3f0e-4c43-9a43-6f1f0a1d2e3f' }, notes: { before: false, after: true } })
		).toEqual([]);
		expect(valuesInSensitiveChanges({ name: { before: null, after: 'Kim' }, age: { before: 14, after: 15 } })).toEqual(['name', 'age']);
	});
});

describe(`recordAudit accepts declared types only (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
	});
	afterAll(() => database.close());

	const count = async () => Number((await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`))[0].n);

	it('refuses an undeclared type and writes nothing', async () => {
		const before = await count();
		await expect(
			database.db.transaction((tx) =>
				recordAudit(tx, { actor: systemActor('test-setup'), ip: null }, { action: 'plans.measure_updated' as AuditEventType, entityType: 'measure' })
			)
		).rejects.toThrow(/Undeclared audit event plans\.measure_updated/);
		expect(await count()).toBe(before);
	});

	it('refuses a value in a sensitive event (users.totp.enabled) and records its field names and booleans', async () => {
		const before = await count();
		const actor = systemActor('test-setup');
		await expect(
			database.db.transaction((tx) =>
				recordAudit(
					tx,
					{ actor, ip: null },
					{ action: 'users.totp.enabled', entityType: 'user', changes: { secret: { before: null, after: 'JBSWY3DPEHPK3PXP' } } }
				)
			)
		).rejects.toThrow(/sensitive: fields secret/);
		expect(await count()).toBe(before);
		await database.db.transaction((tx) =>
			recordAudit(tx, { actor, ip: null }, { action: 'users.totp.enabled', entityType: 'user', changes: { totpEnabled: { before: false, after: true } } })
		);
		expect(await count()).toBe(before + 1);
	});
});

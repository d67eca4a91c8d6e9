import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { checkImportRows, guessImportMapping, readLogDate, readTimeOfDay } from './est.import';
import { checkReportImport, confirmReportImport, reportImportDraft, setReportImportMapping, startReportImport } from './est.import.usecases';
import { EST_DEFAULT_CATEGORIES } from './est.models';

const csv = (lines: string[]) => new TextEncoder().encode('\uFEFF' + lines.join('\r\n'));

describe('reading an incident log', () => {
	it('guesses the columns of a Swedish log and of EST’s own export', () => {
		expect(guessImportMapping(['Datum', 'Klockslag', 'Händelsetyp', 'Adress', 'Beskrivning', 'Påverkan på trygghet'])).toEqual({
			defaultEffect: '2',
			occurredOn: 'Datum',
			timeOfDay: 'Klockslag',
			category: 'Händelsetyp',
			place: 'Adress',
			description: 'Beskrivning',
			effect: 'Påverkan på trygghet'
		});
		const exported = ['id', 'datum', 'tid_pa_dygnet', 'kategori', 'plats', 'omrade', 'latitud', 'longitud', 'paverkan', 'beskrivning', 'status', 'kanal'];
		expect(guessImportMapping(exported)).toEqual({
			defaultEffect: '2',
			occurredOn: 'datum',
			timeOfDay: 'tid_pa_dygnet',
			category: 'kategori',
			place: 'plats',
			area: 'omrade',
			latitude: 'latitud',
			longitude: 'longitud',
			effect: 'paverkan',
			description: 'beskrivning'
		});
	});

	it('reads dates and times as logs write them, and refuses impossible ones', () => {
		expect(readLogDate('2025-03-04')).toEqual({ date: '2025-03-04', hour: null });
		expect(readLogDate('2025-03-04 22:15')).toEqual({ date: '2025-03-04', hour: 22 });
		expect(readLogDate('4/3/2025')).toEqual({ date: '2025-03-04', hour: null });
		expect(readLogDate('04.03.2025 07.30')).toEqual({ date: '2025-03-04', hour: 7 });
		expect(readLogDate('45720')).toEqual({ date: '2025-03-04', hour: null });
		expect(readLogDate('45720.75')).toEqual({ date: '2025-03-04', hour: 18 });
		expect(readLogDate('2025-02-30')).toBeNull();
		expect(readLogDate('igår')).toBeNull();
		expect(readTimeOfDay('Kväll')).toBe('kvall');
		expect(readTimeOfDay('23:10')).toBe('kvall');
		expect(readTimeOfDay('05:59')).toBe('natt');
		expect(readTimeOfDay('')).toBeNull();
		expect(readTimeOfDay('sent')).toBeUndefined();
	});

	it('names every problem of every rejected row with its column', () => {
		const table = [
			['Datum', 'Kategori', 'Plats', 'Beskrivning', 'Påverkan'],
			['2025-03-04', 'klotter', 'Gruvparken', 'Tags på muren', '3'],
			['2025-13-01', 'Okänd sak', 'Stationen', '', '9'],
			['2025-03-05', 'Skadegörelse', '', 'Ring 811218-9876 om detta', ''],
			['', '', '', '', '']
		];
		const { accepted, rejected } = checkImportRows(
			table,
			{ occurredOn: 'Datum', category: 'Kategori', place: 'Plats', description: 'Beskrivning', effect: 'Påverkan', defaultEffect: '2' },
			{ categories: EST_DEFAULT_CATEGORIES, areas: [], today: '2025-03-10' }
		);
		expect(accepted).toEqual([
			expect.objectContaining({ category: 'Klotter', place: 'Gruvparken', occurredOn: '2025-03-04', effect: 3, timeOfDay: 'dag', areaId: null })
		]);
		expect(rejected.map((r) => ({ row: r.row, problems: r.problems.map((p) => `${p.column}: ${p.text.code}`) }))).toEqual([
			{ row: 3, problems: ['Datum: est.occurred_on_invalid', 'Kategori: est.category_invalid', 'Påverkan: est.effect_invalid'] },
			{ row: 4, problems: ['Plats: est.place_missing', 'Beskrivning: est.personal_identity_number'] }
		]);
	});
});

describe(`EST bulk import (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falun: string;
	let kopparstaden: string;
	let coordinator: Actor;
	let caretaker: Actor;
	const actorFor = async (email: string): Promise<Actor> => {
		const user = (await findUserByEmail(database.db, email))!;
		return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
	};
	const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from est_reports where channel = 'import'`))[0].n;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = database.refs!.municipalities.falun.id;
		kopparstaden = database.refs!.municipalities.falun.organisations.kopparstaden;
		coordinator = await actorFor('samordnare@falun.demo');
		caretaker = await actorFor('kopparstaden@falun.demo');
	});
	afterAll(() => database.close());

	it('imports nothing while a row is wrong, and all rows once the file is right; the import is audited', async () => {
		const file = csv([
			'Datum;Tid;Typ;Adress;Notering',
			'2025-03-03;kväll;Klotter;Tallrisvägen 12;Tags på soprummet',
			'2025-03-04;23:30;Belysning ur funktion;Gruvparken, gångvägen;Tre lampor trasiga',
			'2025-03-05;natt;Skadegörelse;Stationen;Kontakta 19811218-9876'
		]);
		await expect(
			startReportImport({ db: database.db, actor: caretaker, municipalityId: falun, fileName: 'logg.csv', data: file, organisationId: kopparstaden })
		).rejects.toBeInstanceOf(ForbiddenError);
		const wrongFile = await startReportImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			fileName: 'logg.pdf',
			data: file,
			organisationId: 'not-an-organisation'
		}).catch((e) => e);
		expect(Object.keys((wrongFile as ValidationError).fieldCodes).sort()).toEqual(['file', 'organisationId']);

		const { draftId } = await startReportImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			fileName: 'logg.csv',
			data: file,
			organisationId: kopparstaden
		});
		const draft = await reportImportDraft({ db: database.db, actor: coordinator, municipalityId: falun, draftId });
		expect(draft).toMatchObject({ fileName: 'logg.csv', organisation: 'Kopparstaden', rowCount: 3, headers: ['Datum', 'Tid', 'Typ', 'Adress', 'Notering'] });
		expect(draft.mapping).toMatchObject({ occurredOn: 'Datum', timeOfDay: 'Tid', category: 'Typ', place: 'Adress', description: 'Notering' });

		const noDate = await setReportImportMapping({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			draftId,
			mapping: { ...draft.mapping, occurredOn: '', category: 'Finns inte' }
		}).catch((e) => e);
		expect(Object.keys((noDate as ValidationError).fieldCodes).sort()).toEqual(['map_category', 'map_occurredOn']);
		await setReportImportMapping({ db: database.db, actor: coordinator, municipalityId: falun, draftId, mapping: { ...draft.mapping, defaultEffect: '3' } });

		const check = await checkReportImport({ db: database.db, actor: coordinator, municipalityId: falun, draftId, today: '2025-03-10' });
		expect(check.valid).toBe(2);
		expect(check.rejected).toEqual([{ row: 4, problems: [expect.objectContaining({ column: 'Notering', text: { code: 'est.personal_identity_number' } })] }]);
		const refused = await confirmReportImport({ db: database.db, actor: coordinator, municipalityId: falun, draftId, ip: null, today: '2025-03-10' }).catch(
			(e) => e
		);
		expect((refused as ValidationError).fieldCodes.file).toEqual({ code: 'est.import_rows_rejected', params: { count: 1 } });
		expect(await count()).toBe(0);

		// The corrected file, as an Excel workbook.
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Logg');
		sheet.addRow(['Datum', 'Tid', 'Typ', 'Adress', 'Notering']);
		sheet.addRow(['2025-03-03', 'kväll', 'Klotter', 'Tallrisvägen 12', 'Tags på soprummet']);
		sheet.addRow(['2025-03-04', '23:30', 'Belysning ur funktion', 'Gruvparken, gångvägen', 'Tre lampor trasiga']);
		sheet.addRow(['2025-03-05', 'natt', 'Skadegörelse', 'Stationen', 'Krossad ruta i väntkuren']);
		const xlsx = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
		const second = await startReportImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			fileName: 'logg.xlsx',
			data: xlsx,
			organisationId: kopparstaden
		});
		const result = await confirmReportImport({
			db: database.db,
			actor: coordinator,
			municipalityId: falun,
			draftId: second.draftId,
			ip: null,
			today: '2025-03-10'
		});
		expect(result).toEqual({ imported: 3 });
		const rows = await queryRows<{ category: string; time_of_day: string; effect: number; organisation_id: string; reported_by: string | null }>(
			database.db,
			sql`select category, time_of_day, effect, organisation_id, reported_by from est_reports where channel = 'import' order by occurred_on`
		);
		expect(rows).toEqual([
			{ category: 'Klotter', time_of_day: 'kvall', effect: 2, organisation_id: kopparstaden, reported_by: null },
			{ category: 'Belysning ur funktion', time_of_day: 'kvall', effect: 2, organisation_id: kopparstaden, reported_by: null },
			{ category: 'Skadegörelse', time_of_day: 'natt', effect: 2, organisation_id: kopparstaden, reported_by: null }
		]);
		const audit = await queryRows<{ changes: Record<string, { after: unknown }> }>(
			database.db,
			sql`select changes from audit_log where action = 'est.reports.imported'`
		);
		expect(audit.map((a) => [a.changes.file.after, a.changes.reports.after, a.changes.period.after])).toEqual([['logg.xlsx', 3, '2025-03-03–2025-03-05']]);
		// The draft is gone once imported.
		await expect(reportImportDraft({ db: database.db, actor: coordinator, municipalityId: falun, draftId: second.draftId })).rejects.toBeInstanceOf(
			NotFoundError
		);
	});
});

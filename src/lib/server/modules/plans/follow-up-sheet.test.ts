import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findMemberships, findUserByEmail } from '../users/public';
import { parseFollowUpSheet, SHEET_COLUMNS } from './follow-up-sheet';
import { exportFollowUpSheet, getFollowUpRound, importFollowUpSheet, openFollowUpRound, SheetImportError } from './follow-up.usecases';
import { FALUN_PLAN_FIXTURE } from './module';
import { readXlsxRows } from './plan-files';
import { parsePlanText } from './plan-import';
import { importPlan } from './plans.usecases';

const HEADER = Object.values(SHEET_COLUMNS);
const ID = '00000000-0000-4000-8000-000000000001';

describe('reading a filled-in follow-up sheet', () => {
	it('takes Swedish labels in any case, skips untouched rows, and names every wrong row', () => {
		const { answers, errors } = parseFollowUpSheet([
			HEADER,
			[ID, 'A', 'Kameror', 'Polisen', 'pågår ENLIGT plan', 'Gjort', 'Mer'],
			['00000000-0000-4000-8000-000000000002', 'A', 'Vandring', 'Polisen', '', '', ''],
			['00000000-0000-4000-8000-000000000003', 'A', 'Tre', 'Polisen', 'Klar', '', ''],
			['00000000-0000-4000-8000-000000000004', 'A', 'Fyra', 'Polisen', '', 'Text utan status', ''],
			[ID, 'A', 'Kameror igen', 'Polisen', 'Genomförd', '', ''],
			['', '', '', '', 'Försenad', '', '']
		]);
		expect(answers).toEqual([{ row: 2, measureId: ID, status: 'pagar_enligt_plan', done: 'Gjort', nextSteps: 'Mer' }]);
		expect(errors.map((e) => e.row)).toEqual([4, 5, 6, 7]);
		expect(errors[0].message).toContain('okänd status ”Klar”');
		expect(errors[1].message).toContain('ange en status');
		expect(errors[2].message).toContain('samma åtgärd finns redan på rad 2');
		expect(errors[3].message).toContain('id saknas');
	});

	it('rejects a sheet with a missing column and says which', () => {
		const { errors } = parseFollowUpSheet([HEADER.filter((h) => h !== 'Status'), [ID, 'A', 'B', 'C', 'x', 'y']]);
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain('Kolumn saknas');
		expect(parseFollowUpSheet([['Id (ändra inte)', 'Fokusområde', 'Status']]).errors[0].message).toContain('”Vad har gjorts”, ”Nästa steg”');
	});
});

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

async function fill(xlsx: Uint8Array, edit: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.from(xlsx) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	edit(workbook.worksheets[0]);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe(`the spreadsheet round trip of a round (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let planId: string;
	let roundId: string;
	let housing: Actor;
	let falun: { id: string; officialName: string };

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falun = { id: database.refs!.municipalities.falun.id, officialName: 'Falu kommun' };
		planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falun.id,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		const coordinator = await actorFor(database, 'samordnare@falun.demo');
		housing = await actorFor(database, 'kopparstaden@falun.demo');
		roundId = (
			await openFollowUpRound({
				db: database.db,
				config: readConfig({}),
				actor: coordinator,
				planId,
				municipalitySlug: 'falun',
				input: { name: 'Halvår 1 2025', dueDate: '2025-06-30' },
				ip: null
			})
		).id;
	});
	afterAll(() => database.close());

	it('exports only the organisation’s own measures, and a filled-in upload saves them all', async () => {
		const file = await exportFollowUpSheet({ db: database.db, actor: housing, roundId, planId, municipality: falun, ip: null });
		const rows = await readXlsxRows(file.body);
		expect(rows[0]).toEqual(HEADER);
		const own = (await getFollowUpRound({ db: database.db, actor: housing, roundId })).focusAreas.flatMap((a) => a.measures).filter((m) => m.editable);
		expect(rows.slice(1).map((r) => r[0])).toEqual(own.map((m) => m.id));
		const filled = await fill(file.body, (ws) => {
			ws.getRow(2).getCell(5).value = 'Genomförd';
			ws.getRow(2).getCell(6).value = 'Vandringen är gjord.';
			ws.getRow(3).getCell(5).value = 'Försenad';
		});
		expect(await importFollowUpSheet({ db: database.db, actor: housing, roundId, planId, municipalityId: falun.id, data: filled, ip: null })).toBe(2);
		const after = (await getFollowUpRound({ db: database.db, actor: housing, roundId })).focusAreas.flatMap((a) => a.measures);
		// Kopparstaden's own answer: the measure's status where it leads, its part where another organisation leads.
		expect(after.find((m) => m.id === own[0].id)?.ownAnswer).toMatchObject({ status: 'genomford', done: 'Vandringen är gjord.' });
		expect(after.find((m) => m.id === own[1].id)?.ownAnswer?.status).toBe('forsenad');
	});

	it('saves nothing when one row is wrong or not the organisation’s own, and lists each such row', async () => {
		const file = await exportFollowUpSheet({ db: database.db, actor: housing, roundId, planId, municipality: falun, ip: null });
		const all = (await getFollowUpRound({ db: database.db, actor: housing, roundId })).focusAreas.flatMap((a) => a.measures);
		const other = all.find((m) => !m.editable)!;
		const bad = await fill(file.body, (ws) => {
			ws.getRow(2).getCell(5).value = 'Avbruten';
			ws.getRow(3).getCell(5).value = 'Klar';
			ws.addRow([other.id, '', other.title, '', 'Genomförd', '', '']);
		});
		const error = await importFollowUpSheet({ db: database.db, actor: housing, roundId, planId, municipalityId: falun.id, data: bad, ip: null }).catch(
			(e) => e
		);
		expect(error).toBeInstanceOf(SheetImportError);
		expect((error as SheetImportError).rowErrors.map((e) => e.message)).toEqual([
			expect.stringContaining('Rad 3: okänd status'),
			expect.stringContaining('är inte er organisations åtgärd')
		]);
		const first = (await getFollowUpRound({ db: database.db, actor: housing, roundId })).focusAreas.flatMap((a) => a.measures).find((m) => m.editable)!;
		expect(first.ownAnswer?.status).toBe('genomford');
	});

	it('says clearly when the file is not a spreadsheet', async () => {
		const error = await importFollowUpSheet({
			db: database.db,
			actor: housing,
			roundId,
			planId,
			municipalityId: falun.id,
			data: new TextEncoder().encode('%PDF-1.7 inte ett kalkylblad'),
			ip: null
		}).catch((e) => e);
		expect((error as SheetImportError).rowErrors[0].message).toContain('inte en giltig Excel-fil');
	});
});

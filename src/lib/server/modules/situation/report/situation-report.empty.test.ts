import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../../platform/authz';
import { readConfig } from '../../../platform/config';
import { ValidationError } from '../../../platform/errors';
import { createTestDb, type TestDb } from '../../../testing/test-db';
import { findAuditRows } from '../../audit/audit.repository';
import { findMunicipalityBySlug } from '../../organisations/public';
import { findMemberships, findUserByEmail } from '../../users/public';
import { adoptReport, createReport, exportReport, getReport } from './situation-report.usecases';

// A server without LibreOffice: the converter refuses as reports/pdf.ts does when soffice is missing.
vi.mock('../../../platform/documents/pdf', async (original) => {
	const actual = await original<typeof import('../../../platform/documents/pdf')>();
	return { ...actual, convertDocxToPdf: async () => Promise.reject(new actual.PdfUnavailableError()) };
});

describe(`a lägesbild in a municipality without data (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let coordinator: Actor;
	let sunne: NonNullable<Awaited<ReturnType<typeof findMunicipalityBySlug>>>;
	let reportId: string;
	const config = readConfig({});

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		sunne = (await findMunicipalityBySlug(database.db, 'sunne'))!;
		const user = (await findUserByEmail(database.db, 'samordnare@sunne.demo'))!;
		coordinator = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(database.db, user.id) };
		reportId = await createReport({
			db: database.db,
			actor: coordinator,
			municipality: sunne,
			input: { title: 'Lägesbild Sunne 2025', periodFrom: '2025-01-01', periodTo: '2025-12-31' },
			ip: null
		});
	});
	afterAll(() => database.close());

	it('says that nothing is imported instead of failing, and exports an honest Word file', async () => {
		const view = await getReport({ db: database.db, actor: coordinator, municipality: sunne, reportId, config });
		expect(view.report.sourcesUsed).toBe('Inga polisanmälda brott är inlästa.');
		expect(view.figures.perArea).toEqual([]);
		expect(view.figures.trend.years).toEqual([]);
		const file = await exportReport({ db: database.db, actor: coordinator, municipality: sunne, reportId, format: 'docx', config, ip: null });
		expect(file.body.subarray(0, 2).toString()).toBe('PK');
	});

	it('answers 503 with a Swedish message when PDF cannot be made, and audits no export that did not happen', async () => {
		const before = (await findAuditRows(database.db, { municipalityId: sunne.id, action: 'situation.report.exported', limit: 10, offset: 0 })).length;
		await expect(exportReport({ db: database.db, actor: coordinator, municipality: sunne, reportId, format: 'pdf', config, ip: null })).rejects.toMatchObject({
			status: 503,
			message: expect.stringContaining('LibreOffice saknas')
		});
		expect((await findAuditRows(database.db, { municipalityId: sunne.id, action: 'situation.report.exported', limit: 10, offset: 0 })).length).toBe(before);
	});

	it('cannot be adopted without a focus area: the action plan builds on them', async () => {
		await expect(
			adoptReport({
				db: database.db,
				actor: coordinator,
				municipality: sunne,
				reportId,
				input: { body: 'Kommunstyrelsen', date: '2025-03-01', paragraph: '' },
				ip: null
			})
		).rejects.toSatisfy((e: ValidationError) => e instanceof ValidationError && !!e.fieldErrors.focusAreas);
	});
});

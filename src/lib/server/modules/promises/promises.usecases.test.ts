import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor, type Actor } from '../../platform/authz';
import { AppError, ForbiddenError, ValidationError } from '../../platform/errors';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { findAuditRows } from '../audit/audit.repository';
import { findMemberships, findUserByEmail } from '../users/public';
import { FALUN_PROMISE_FIXTURE, SUNNE_PROMISE_FIXTURE, promisesModule } from './module';
import { parsePromiseText } from './promise-import';
import { updatePromiseRow } from './promises.repository';
import { FALUN_PLAN_FIXTURE } from '../plans/public';
import { parsePlanText } from '../plans/public';
import { getPlan, importPlan } from '../plans/public';
import {
	answerFeedback,
	confirmPromiseImport,
	createPromise,
	extendPromise,
	getPromise,
	getPublicPromise,
	listFeedback,
	listPromises,
	listPublicPromises,
	newFeedbackCounts,
	previewPromiseImport,
	recordFollowUp,
	setPromiseStatus,
	submitFeedback,
	updatePromise
} from './promises.usecases';

async function actorFor(database: TestDb, email: string): Promise<Actor> {
	const user = (await findUserByEmail(database.db, email))!;
	return { kind: 'person', userId: user.id, email, name: user.name, memberships: await findMemberships(database.db, user.id) };
}

/** The form a coordinator fills in by hand, as the edit page posts it. */
function handInput(overrides: Record<string, unknown> = {}) {
	return {
		title: 'Medborgarlöfte Tryggare Norslund',
		periodStart: '2025',
		periodEnd: '2026',
		introduction: 'Polisen och kommunen lovar tillsammans.',
		problemPicture: 'Otrygghet kring Nedre Norslund kvällstid.',
		commitment: '',
		timeframe: '',
		followUpForum: 'Faluns BRÅ',
		nextFollowUpOn: '2025-12-10',
		signedOn: '',
		internalNotes: 'INTERNT: budget ej klar',
		parties: [
			{ key: 'polisen', name: 'Polisen', lines: ['Vara synliga i Norslund fredagskvällar.'] },
			{ key: 'kommunen', name: 'Falu kommun', lines: ['Starta grannsamverkan i nya områden.'] }
		],
		signatories: [{ name: 'Anna Andersson', title: 'kommunstyrelsens ordförande', partyKey: 'kommunen', signedOn: null }],
		dialogues: [{ text: 'Trygghetsmätningen 2024: belysningen vid gångtunneln', count: 1, respondents: 412, held: 'våren 2024' }],
		focusAreas: ['Trygghet i bostadsområden'],
		activities: [
			{
				id: '',
				activity: 'Grannsamverkan i nya områden',
				group: '',
				scope: 'Hela kommunen',
				when: '2025',
				responsible: 'Falu kommun',
				followUp: 'Faluns BRÅ',
				targetValue: '8',
				targetUnit: 'nya områden med grannsamverkan',
				measureIds: []
			},
			{
				id: '',
				activity: 'Trygghetsvandringar',
				group: '',
				scope: 'Norslund',
				when: 'Vår och höst',
				responsible: 'Polisen',
				followUp: 'Faluns BRÅ',
				targetValue: '2',
				targetUnit: 'trygghetsvandringar',
				measureIds: []
			},
			{ id: '', activity: 'Informationsmöten', group: '', scope: '', when: '', responsible: '', followUp: '', targetValue: '', targetUnit: '', measureIds: [] }
		],
		...overrides
	};
}

describe(`medborgarlöften (${process.env.TEST_ENGINE ?? 'pglite'})`, () => {
	let database: TestDb;
	let falunId: string;
	let sunneId: string;
	let coordinator: Actor;
	let reader: Actor;
	let sunneCoordinator: Actor;

	beforeAll(async () => {
		database = await createTestDb({ municipalities: true });
		falunId = database.refs!.municipalities.falun.id;
		sunneId = database.refs!.municipalities.sunne.id;
		coordinator = await actorFor(database, 'samordnare@falun.demo');
		reader = await actorFor(database, 'politiker@falun.demo');
		sunneCoordinator = await actorFor(database, 'samordnare@sunne.demo');
	});
	afterAll(() => database.close());

	it('the demo data holds every promise line and activity of seeds 000 and 004, and Sunne’s extension as history', async () => {
		await promisesModule.seedDemo!({ db: database.db, refs: database.refs! });
		const falunDraft = parsePromiseText(fs.readFileSync(FALUN_PROMISE_FIXTURE, 'utf8'), { municipalityName: 'Falun' });
		const sunneDraft = parsePromiseText(fs.readFileSync(SUNNE_PROMISE_FIXTURE, 'utf8'), { municipalityName: 'Sunne' });

		const [falun] = await listPublicPromises({ db: database.db, municipalityId: falunId });
		expect(falun.parties.map((p) => [p.key, p.lines])).toEqual(falunDraft.partyPromises.map((p) => [p.party, p.items]));
		expect(falun.parties.flatMap((p) => p.lines)).toHaveLength(7);
		expect(falun.parties.flatMap((p) => p.lines)).toContain('Falu kommun tillsätter resurs som utvecklingsledare och koordinator för Sociala insatsgrupper.');
		expect(falun.activities.map((a) => a.activity)).toEqual(['Införa samverkansmodellen SIG']);
		expect(falun.activities[0]).toMatchObject({
			when: 'Under 2022 med start i januari.',
			responsible: 'Lokalpolisområde Falun - Falu kommun',
			followUp: 'Faluns BRÅ, december 2022'
		});
		expect(falun.followUps).toHaveLength(1);
		expect(falun.activities[0].latest?.status).toBe('uppfyllt');
		expect(falun.signatories.map((s) => s.name)).toEqual(['Joakim Storck', 'Martin Öhman']);

		const [sunne] = await listPublicPromises({ db: database.db, municipalityId: sunneId });
		expect(sunne.activities.map((a) => a.activity)).toEqual(sunneDraft.activities.map((a) => a.activity));
		expect(sunne.activities).toHaveLength(11);
		expect(sunne.commitment).toContain('drogfri miljö för barn och ungdomar');
		expect(sunne.originalPeriod).toBe('2021–2022');
		expect(sunne.period).toBe('2021–2024');
		expect(sunne.extensions).toEqual([expect.objectContaining({ fromYear: 2022, toYear: 2024 })]);
		expect(sunne.signatories.map((s) => s.name)).toEqual(['Henrik Frykberger', 'Henrik Gustavsson']);
	});

	it('previews an import without saving, then saves all of it once and only once', async () => {
		const before = (await listPromises({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId })).length;
		const { draftId, draft } = await previewPromiseImport({
			db: database.db,
			actor: sunneCoordinator,
			municipality: { id: sunneId, name: 'Sunne' },
			text: fs.readFileSync(SUNNE_PROMISE_FIXTURE, 'utf8')
		});
		expect(draft.activities).toHaveLength(11);
		expect(await listPromises({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId })).toHaveLength(before);
		const id = await confirmPromiseImport({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, draftId, ip: null });
		const saved = await getPromise({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, promiseId: id });
		expect(saved.status).toBe('utkast');
		expect(saved.slug).not.toBe((await listPublicPromises({ db: database.db, municipalityId: sunneId }))[0].slug);
		await expect(confirmPromiseImport({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, draftId, ip: null })).rejects.toMatchObject({
			code: 'promises.import_draft_gone'
		});
		const audit = await findAuditRows(database.db, { action: 'promises.promise.imported', limit: 50, offset: 0 });
		expect(audit.map((row) => row.entityId)).toContain(id);
	});

	it('refuses an import that holds neither promises nor activities, and saves nothing', async () => {
		const { draftId } = await previewPromiseImport({
			db: database.db,
			actor: coordinator,
			municipality: { id: falunId, name: 'Falun' },
			text: 'Bara en rad om väder.'
		});
		const before = (await listPromises({ db: database.db, actor: coordinator, municipalityId: falunId })).length;
		await expect(confirmPromiseImport({ db: database.db, actor: coordinator, municipalityId: falunId, draftId, ip: null })).rejects.toMatchObject({
			code: 'promises.import_nothing_found'
		});
		expect(await listPromises({ db: database.db, actor: coordinator, municipalityId: falunId })).toHaveLength(before);
	});

	it('only the coordinator may write; a reader may read; another municipality may do neither', async () => {
		await expect(createPromise({ db: database.db, actor: reader, municipalityId: falunId, input: handInput(), ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(createPromise({ db: database.db, actor: sunneCoordinator, municipalityId: falunId, input: handInput(), ip: null })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await listPromises({ db: database.db, actor: reader, municipalityId: falunId })).length).toBeGreaterThan(0);
		await expect(listPromises({ db: database.db, actor: sunneCoordinator, municipalityId: falunId })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('rejects a target without a unit and an end year before the start, naming the fields', async () => {
		const bad = handInput({ periodEnd: '2024' });
		(bad.activities as { targetUnit: string }[])[0].targetUnit = '';
		const error = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: bad, ip: null }).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(['activities-0-targetValue', 'periodEnd']);
	});

	it('a hand-written promise with targets is public only once published, and shows target against outcome after a follow-up', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput(), ip: null });
		const draft = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect(draft.slug).toBe('tryggare-norslund-2025-2026');
		await expect(getPublicPromise({ db: database.db, municipalityId: falunId, slug: draft.slug })).rejects.toMatchObject({ status: 404 });

		await setPromiseStatus({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id, status: 'publicerat', ip: null });
		const [a, b, c] = draft.activities;
		await recordFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			promiseId: id,
			ip: null,
			input: {
				heldOn: '2025-12-10',
				forum: 'Faluns BRÅ',
				summary: 'Första året.',
				publish: true,
				outcomes: [
					{ activityId: a.id, status: '', achieved: '9', done: 'Nio nya områden.' },
					{ activityId: b.id, status: '', achieved: '1', done: 'En vandring.' },
					{ activityId: c.id, status: 'pagar', achieved: '', done: '' }
				]
			}
		});
		const unpublished = await recordFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			promiseId: id,
			ip: null,
			input: { heldOn: '2026-01-10', forum: 'Internt', summary: 'Utkast', publish: false, outcomes: [] }
		});
		const shown = await getPublicPromise({ db: database.db, municipalityId: falunId, slug: draft.slug });
		expect(JSON.stringify(shown)).not.toContain('INTERNT');
		expect(shown.followUps.map((f) => f.id)).not.toContain(unpublished);
		expect(shown.activities.map((x) => [x.targetValue, x.latest?.achieved, x.latest?.status, x.latest?.met])).toEqual([
			[8, 9, 'uppfyllt', true],
			[2, 1, 'delvis_uppfyllt', false],
			[null, null, 'pagar', null]
		]);
		const inApp = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect(inApp.followUps).toHaveLength(2);
		expect(inApp.internalNotes).toBe('INTERNT: budget ej klar');
	});

	it('editing keeps the follow-up snapshot of an activity even when the activity is removed', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput({ title: 'Ändras sedan' }), ip: null });
		const promise = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		await recordFollowUp({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			promiseId: id,
			ip: null,
			input: {
				heldOn: '2025-06-01',
				forum: 'BRÅ',
				summary: '',
				publish: true,
				outcomes: [{ activityId: promise.activities[0].id, status: '', achieved: '3', done: '' }]
			}
		});
		const original = handInput().activities as Record<string, unknown>[];
		const input = handInput({
			title: 'Ändrad rubrik',
			activities: [{ ...original[1], id: promise.activities[1].id, activity: 'Trygghetsvandringar, utökade' }]
		});
		await updatePromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id, input, ip: null });
		const after = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect(after.title).toBe('Ändrad rubrik');
		expect(after.activities.map((a) => [a.id, a.activity])).toEqual([[promise.activities[1].id, 'Trygghetsvandringar, utökade']]);
		expect(after.followUps[0].outcomes[0]).toMatchObject({ activity: 'Grannsamverkan i nya områden', activityId: null, achieved: 3, targetValue: 8 });
	});

	it('an extension must go beyond the current end and is kept as history', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput({ title: 'Förlängs' }), ip: null });
		await expect(
			extendPromise({
				db: database.db,
				actor: coordinator,
				municipalityId: falunId,
				promiseId: id,
				input: { toYear: '2026', decidedOn: '', text: '' },
				ip: null
			})
		).rejects.toMatchObject({ fieldErrors: { toYear: expect.stringContaining('2026') } });
		await extendPromise({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			promiseId: id,
			input: { toYear: '2027', decidedOn: '2026-11-01', text: 'Förlängt ett år.' },
			ip: null
		});
		const promise = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect([promise.originalPeriod, promise.period]).toEqual(['2025–2026', '2025–2027']);
		expect(promise.extensions).toEqual([{ fromYear: 2026, toYear: 2027, decidedOn: '2026-11-01', text: 'Förlängt ett år.' }]);
	});

	it('stores every accepted feedback message; only a published answer becomes public, never name or e-mail', async () => {
		const [falun] = await listPublicPromises({ db: database.db, municipalityId: falunId });
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push(
				await submitFeedback({
					db: database.db,
					municipalityId: falunId,
					slug: falun.slug,
					input: { message: `Meddelande ${i}`, name: 'Eva Exempel', email: 'eva@example.se' },
					ip: '192.0.2.1'
				})
			);
		}
		await expect(
			submitFeedback({ db: database.db, municipalityId: falunId, slug: falun.slug, input: { message: '  ', name: '', email: 'inte-en-adress' }, ip: null })
		).rejects.toMatchObject({
			fieldErrors: { message: 'Skriv ditt meddelande.', email: expect.stringContaining('namn@exempel.se') }
		});
		const stored = await listFeedback({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: falun.id });
		expect(stored.map((f) => f.id).sort()).toEqual([...ids].sort());
		await expect(listFeedback({ db: database.db, actor: reader, municipalityId: falunId, promiseId: falun.id })).rejects.toBeInstanceOf(ForbiddenError);

		await answerFeedback({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			feedbackId: ids[0],
			input: { answer: 'Tack, vi tar med det.', publish: true, status: 'besvarad' },
			ip: null
		});
		await answerFeedback({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			feedbackId: ids[1],
			input: { answer: 'Internt svar.', publish: false, status: 'besvarad' },
			ip: null
		});
		const shown = await getPublicPromise({ db: database.db, municipalityId: falunId, slug: falun.slug });
		expect(shown.answers).toEqual([expect.objectContaining({ message: 'Meddelande 0', answer: 'Tack, vi tar med det.' })]);
		expect(JSON.stringify(shown)).not.toMatch(/Eva Exempel|eva@example\.se|Internt svar/);
		expect(await newFeedbackCounts({ db: database.db, actor: coordinator, municipalityId: falunId, promiseIds: [falun.id] })).toEqual({ [falun.id]: 3 });
		await expect(newFeedbackCounts({ db: database.db, actor: reader, municipalityId: falunId, promiseIds: [falun.id] })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			answerFeedback({
				db: database.db,
				actor: coordinator,
				municipalityId: falunId,
				feedbackId: ids[2],
				input: { answer: '', publish: true, status: 'besvarad' },
				ip: null
			})
		).rejects.toBeInstanceOf(AppError);
	});

	it('links activities to measures of the municipality’s own action plan, and only to those', async () => {
		const planId = await importPlan({
			db: database.db,
			actor: systemActor('test-setup'),
			municipalityId: falunId,
			parsed: parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8')),
			source: 'test'
		});
		const measure = (await getPlan({ db: database.db, actor: coordinator, planId })).focusAreas[0].measures[0];
		const input = handInput({ title: 'Länkat' });
		(input.activities as { measureIds: string[] }[])[0].measureIds = [measure.id, '00000000-0000-4000-8000-000000000000'];
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input, ip: null });
		const promise = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect(promise.activities[0].measures).toEqual([{ id: measure.id, title: measure.title, planId }]);
		expect(promise.activities[1].measures).toEqual([]);
		// Sunne's coordinator cannot link to Falun's plan.
		const sunneInput = handInput({ title: 'Sunne länkar fel' });
		(sunneInput.activities as { measureIds: string[] }[])[0].measureIds = [measure.id];
		const wrongId = await createPromise({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, input: sunneInput, ip: null });
		expect((await getPromise({ db: database.db, actor: sunneCoordinator, municipalityId: sunneId, promiseId: wrongId })).activities[0].measures).toEqual([]);
	});

	it('the public view follows every change at once, although it is cached', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput({ title: 'Cachat' }), ip: null });
		await setPromiseStatus({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id, status: 'publicerat', ip: null });
		const { slug } = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Cachat');
		expect((await listPublicPromises({ db: database.db, municipalityId: falunId })).map((p) => p.slug)).toContain(slug);
		await updatePromise({
			db: database.db,
			actor: coordinator,
			municipalityId: falunId,
			promiseId: id,
			input: handInput({ title: 'Cachat, ändrat' }),
			ip: null
		});
		expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Cachat, ändrat');
		await setPromiseStatus({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id, status: 'utkast', ip: null });
		await expect(getPublicPromise({ db: database.db, municipalityId: falunId, slug })).rejects.toMatchObject({ status: 404 });
		expect((await listPublicPromises({ db: database.db, municipalityId: falunId })).map((p) => p.slug)).not.toContain(slug);
	});

	it('a change made outside this process shows within seconds: the stale view is served once while it reloads', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput({ title: 'Annan process' }), ip: null });
		await setPromiseStatus({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id, status: 'publicerat', ip: null });
		const { slug } = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2030-01-01T12:00:00Z'));
			expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Annan process');
			// As another server process on the same PostgreSQL would: straight to the table, no cache to empty here.
			await updatePromiseRow(database.db, id, { title: 'Ändrat någon annanstans' });
			vi.setSystemTime(new Date('2030-01-01T12:00:02Z'));
			expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Annan process');
			vi.setSystemTime(new Date('2030-01-01T12:00:06Z'));
			expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Annan process');
			await vi.waitFor(async () => expect((await getPublicPromise({ db: database.db, municipalityId: falunId, slug })).title).toBe('Ändrat någon annanstans'));
		} finally {
			vi.useRealTimers();
		}
	});

	it('feedback to a promise that is not published is refused as not found', async () => {
		const id = await createPromise({ db: database.db, actor: coordinator, municipalityId: falunId, input: handInput({ title: 'Opublicerat' }), ip: null });
		const { slug } = await getPromise({ db: database.db, actor: coordinator, municipalityId: falunId, promiseId: id });
		await expect(
			submitFeedback({ db: database.db, municipalityId: falunId, slug, input: { message: 'Hej', name: '', email: '' }, ip: null })
		).rejects.toMatchObject({ status: 404 });
	});
});

import fs from 'node:fs';
import path from 'node:path';
import { MEASURE_STATUS_CODES } from '$lib/modules/plans/constants';
import { systemActor, type Actor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import { defineServerModule } from '../manifest';
import { PLANS_AUDIT_EVENTS } from './plans.events';
import { plansOpenApiPaths } from './plans.openapi';
import { plansPublicSection, plansTodo } from './plans.overview';
import { PLANS_PERMISSIONS } from './plans.permissions';
import { planExportCommand, planImportCommand } from './plans.cli';
import { findMemberships, findUserByEmail } from '../users/public';
import { sendDueReminders } from './follow-up-reminders';
import { answerFollowUp, closeFollowUpRound, getFollowUpRound, openFollowUpRound } from './follow-up.usecases';
import { setPlanStatus } from './plan-editing.usecases';
import { parsePlanText } from './plan-import';
import { importPlan, organisationSuggestions } from './plans.usecases';
import { listOrganisationsOfMunicipality } from '../organisations/public';
import { linkDemoPlan } from './plans.demo';

/** The real Falun action plan 2024 (seed 003), run through the same importer a coordinator uses. */
export const FALUN_PLAN_FIXTURE = path.resolve('src/lib/server/modules/plans/fixtures/falun-atgardsplan-2024.txt');

/** The plans module's manifest: see ../manifest.ts. */
export const plansModule = defineServerModule({
	id: 'plans',
	permissions: PLANS_PERMISSIONS,
	auditEvents: PLANS_AUDIT_EVENTS,
	cli: { 'plan:import': planImportCommand, 'plan:export': planExportCommand },
	openapi: plansOpenApiPaths(),
	todo: plansTodo,
	publicSection: plansPublicSection,
	async hourly({ db, config }) {
		await sendDueReminders({ db, config });
	},
	async seedDemo({ db, refs }) {
		const municipalityId = refs.municipalities.falun.id;
		const parsed = parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8'));
		// The plan's near names ("Fritid", "Serviceförvaltningen/fastighet") are the demo's organisations, confirmed as a coordinator would in the preview.
		const known = await listOrganisationsOfMunicipality(db, municipalityId);
		const sameAs = Object.fromEntries(organisationSuggestions(parsed, known).map((s) => [s.key, s.suggestion.id]));
		const planId = await importPlan({ db, actor: systemActor('demo-seed'), municipalityId, parsed, source: 'demo: Falun åtgärdsplan 2024', sameAs });
		await linkDemoPlan(db, planId);

		// One closed round with varied answers, run by the demo coordinator, so the follow-up views show something real.
		const user = await findUserByEmail(db, 'samordnare@falun.demo');
		if (!user) return;
		const coordinator: Actor = { kind: 'person', userId: user.id, email: user.email, name: user.name, memberships: await findMemberships(db, user.id) };
		// The seed's opening paragraph: the council took its position and the board decided the plan.
		await setPlanStatus({ db, actor: coordinator, planId, municipalityId, status: 'beslutad', ip: null });
		const round = await openFollowUpRound({
			db,
			config: readConfig(),
			actor: coordinator,
			planId,
			municipalitySlug: 'falun',
			input: { name: 'Halvår 2 2024 (demo)', dueDate: '2024-12-13' },
			ip: null
		});
		const measures = (await getFollowUpRound({ db, actor: coordinator, roundId: round.id })).focusAreas.flatMap((a) => a.measures);
		const answers = measures
			.filter((_, i) => i % 7 !== 6)
			.map((m, i) => ({
				measureId: m.id,
				status: MEASURE_STATUS_CODES[[1, 1, 4, 2, 0, 3, 1, 4, 5][i % 9]],
				done: 'Demodata: arbetet har följts upp i arbetsgruppen för fokusområdet.',
				nextSteps: 'Demodata: fortsätter enligt plan till nästa halvårsuppföljning.'
			}));
		await answerFollowUp({ db, actor: coordinator, roundId: round.id, answers, ip: null });
		await closeFollowUpRound({ db, actor: coordinator, roundId: round.id, ip: null });
	}
});

export default plansModule;

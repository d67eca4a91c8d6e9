/**
 * Makes the demo plan show what the app does with a linked plan: every measure tied to the
 * problems of its focus area that it answers, and to the places (the lägesbild's demo areas)
 * its scope names, so "Underlag och effekt" finds evidence and no measure warns it is unlinked.
 * Runs right after the import, while the plan is still a draft.
 */
import type { Db } from '../../db/client';
import { systemActor } from '../../platform/authz';
import { recordAudit } from '../audit/public';
import { demoAreas } from '../situation/public';
import { findPlaceNames } from './plans.models';
import { insertProblems, replaceMeasureProblems, updateMeasureRow } from './plans.repository';
import { getPlan } from './plans.usecases';

/**
 * Problems the demo lägesbild names for a focus area the plan text gives none for, worded as the
 * lägesbild's demo words them, so that demo reuses these rows instead of adding its own.
 */
const LÄGESBILD_PROBLEMS: Record<string, string[]> = {
	'otrygghet i stadskärnan': [
		'Cykelstölderna i stadskärnan och vid Resecentrum ökade under 2023.',
		'Butiksstölder och trakasserier av butikspersonal skapar otrygghet i stadskärnan.',
		'Begagnade sprutor och kanyler påträffas i centrala Falun.'
	]
};

const STOP = new Set(['för', 'och', 'att', 'med', 'som', 'inom', 'samt', 'eller', 'till', 'över', 'under', 'bland', 'genom', 'andra', 'detta', 'denna']);
const words = (text: string) =>
	new Set(
		text
			.toLocaleLowerCase('sv-SE')
			.split(/[^\p{L}]+/u)
			.filter((w) => w.length >= 5 && !STOP.has(w))
			.map((w) => w.slice(0, 6))
	);

/** The problems a measure answers: those naming its places, else those sharing most words with it, else the area's first. */
export function problemsFor(measureText: string, problems: { id: string; text: string }[], places: readonly string[]): string[] {
	if (problems.length === 0) return [];
	const measurePlaces = new Set(findPlaceNames(measureText, places));
	const byPlace = problems.filter((p) => findPlaceNames(p.text, places).some((place) => measurePlaces.has(place)));
	if (byPlace.length) return byPlace.map((p) => p.id);
	const measureWords = words(measureText);
	const scored = problems.map((p) => ({ id: p.id, score: [...words(p.text)].filter((w) => measureWords.has(w)).length }));
	const best = Math.max(...scored.map((s) => s.score));
	return best > 0 ? scored.filter((s) => s.score === best).map((s) => s.id) : [problems[0].id];
}

export async function linkDemoPlan(db: Db, planId: string): Promise<void> {
	const actor = systemActor('demo-seed');
	const places = demoAreas()
		.filter((a) => a.kind !== 'kommun')
		.map((a) => a.name);
	let plan = await getPlan({ db, actor, planId });
	await db.transaction(async (tx) => {
		for (const area of plan.focusAreas) {
			const key = Object.keys(LÄGESBILD_PROBLEMS).find((k) => area.title.toLocaleLowerCase('sv-SE').startsWith(k));
			if (area.problems.length === 0 && key)
				await insertProblems(
					tx,
					LÄGESBILD_PROBLEMS[key].map((text, index) => ({ focusAreaId: area.id, text, sortOrder: index }))
				);
		}
	});
	plan = await getPlan({ db, actor, planId });
	await db.transaction(async (tx) => {
		let linked = 0;
		for (const area of plan.focusAreas) {
			for (const m of area.measures) {
				const text = `${m.title}\n${m.scope}\n${m.description}`;
				const problemIds = problemsFor(text, area.problems, places);
				if (problemIds.length && m.problemIds.length === 0) {
					await replaceMeasureProblems(tx, m.id, problemIds);
					linked++;
				}
				const targetAreas = findPlaceNames(`${m.scope}\n${m.description}`, places);
				if (m.targetAreas.length === 0 && targetAreas.length) await updateMeasureRow(tx, m.id, { targetAreas });
			}
		}
		await recordAudit(
			tx,
			{ actor, ip: null },
			{
				action: 'plans.plan.updated',
				entityType: 'plan',
				entityId: plan.id,
				municipalityId: plan.municipalityId,
				changes: { measuresLinkedToProblems: { before: 0, after: linked } }
			}
		);
	});
}

import fs from 'node:fs';
import path from 'node:path';
import type { ServerModule } from '../registry';
import { parsePlanText } from './plan-import';
import { importPlan } from './plans.usecases';

/** The real Falun action plan 2024 (seed 003), run through the same importer a coordinator uses. */
export const FALUN_PLAN_FIXTURE = path.resolve('src/lib/server/modules/plans/fixtures/falun-atgardsplan-2024.txt');

export const plansModule: ServerModule = {
	id: 'plans',
	async seedDemo({ db, refs }) {
		const parsed = parsePlanText(fs.readFileSync(FALUN_PLAN_FIXTURE, 'utf8'));
		await importPlan({ db, actor: null, municipalityId: refs.municipalities.falun.id, parsed, source: 'demo: Falun åtgärdsplan 2024' });
	}
};

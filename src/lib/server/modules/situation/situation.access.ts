import { decide, type Actor } from '../../platform/authz';
import { ForbiddenError } from '../../platform/errors';

/** The lägesbild's one permission check, shared by its areas, crimes, indicators and analysis. */
export function allow(actor: Actor | null, action: 'municipality.read' | 'municipality.manage', municipalityId: string) {
	if (!actor) return; // demo seeding and benchmarks run without a person
	const decision = decide(actor, action, { municipalityId });
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

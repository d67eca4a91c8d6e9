import type { Db } from '../../../db/client';
import { decide, type Actor } from '../../../platform/authz';
import { ForbiddenError } from '../../../platform/errors';
import { drawnAreaCollection } from './drawn-area';
import { importAreaFile } from './areas.usecases';

/** Saves an own area drawn in the map (or typed as points); its events are assigned to it at once. */
export async function saveDrawnArea(options: {
	db: Db;
	actor: Actor;
	municipality: { id: string; scbCode: string };
	name: string;
	boundary: string;
	ip: string | null;
}) {
	const decision = decide(options.actor, 'municipality.manage', { municipalityId: options.municipality.id });
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
	const { name, collection } = drawnAreaCollection(options);
	const result = await importAreaFile({
		db: options.db,
		actor: options.actor,
		municipality: options.municipality,
		fileName: 'ritat i kartan',
		data: new TextEncoder().encode(JSON.stringify(collection)),
		kind: 'egen',
		ip: options.ip
	});
	return { name, saved: result.saved };
}

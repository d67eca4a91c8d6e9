import type { Db } from '../../../db/client';
import type { Actor } from '../../../platform/authz';
import { requireAccess } from '../../../platform/access';
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
	requireAccess(options.actor, 'area.import', { municipalityId: options.municipality.id });
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

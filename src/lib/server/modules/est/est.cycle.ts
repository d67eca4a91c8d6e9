import type { Db } from '../../db/client';
import type { Actor } from '../../platform/authz';
import { cycleMapOf } from './est.map';
import { cyclePicture } from './est.usecases';

/** The compiled picture of a cycle with its reports on the map and the hot spots by Gi* (the cycle page and its Word/PDF). */
export async function cyclePictureWithMap(options: { db: Db; actor: Actor; municipalityId: string; number?: number; today?: string; noAreaLabel: string }) {
	const picture = await cyclePicture(options);
	if (!picture) return null;
	const located = new Map(picture.points.map((p) => [p.id, p]));
	const map = await cycleMapOf(
		options.db,
		options.municipalityId,
		picture.reports.map((r) => ({
			id: r.id,
			latitude: located.get(r.id)?.latitude ?? null,
			longitude: located.get(r.id)?.longitude ?? null,
			effect: r.effect,
			place: r.place,
			area: r.area
		}))
	);
	return { ...picture, map };
}

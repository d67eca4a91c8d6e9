import { decide } from '$lib/server/platform/authz';
import { layoutMunicipality } from '$lib/server/platform/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { actor, municipality } = await layoutMunicipality(event);
	const resource = { municipalityId: municipality.id };
	return {
		municipality: { id: municipality.id, slug: municipality.slug, name: municipality.name, officialName: municipality.officialName },
		can: {
			manage: decide(actor, 'municipality.manage', resource).allowed,
			readAudit: decide(actor, 'audit.read', resource).allowed
		}
	};
};

import { SETUP, coordinator, definePermissions, member, publishedOnly } from '../../platform/permissions';

/**
 * The lägesbild: areas, crimes, indicators, the analysis and map, and the adopted 4 § document.
 * Everyone in the municipality's work reads it; the coordinator imports and writes.
 */
export const SITUATION_PERMISSIONS = definePermissions({
	/**
	 * Counts, rates, indicators, the analysis and the map's areas and grid (aggregates). The public
	 * page reads the same counts as `public-site` and shows them only through the disclosure rule.
	 */
	'situation.read': { system: [...SETUP, 'scheduled-job', 'public-site'], rule: member },
	/** Single crime events with their place: audited on every read. */
	'crime.points.read': { system: ['test-setup'], rule: member },
	'area.import': { system: SETUP, rule: coordinator },
	'crime.import': { system: [...SETUP, 'scheduled-job'], rule: coordinator },
	'indicator.import': { system: [...SETUP, 'scheduled-job'], rule: coordinator },
	'situation.document.read': { system: publishedOnly([...SETUP, 'scheduled-job']), rule: member },
	/** Drafting the document: text, focus areas, linking it to a plan, deleting a draft. */
	'situation.document.edit': { system: ['demo-seed', 'test-setup'], rule: coordinator },
	/** Adopting (freezing) and publishing the document. */
	'situation.document.adopt': { system: ['demo-seed', 'test-setup'], rule: coordinator }
});

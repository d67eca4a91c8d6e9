/** What other modules may use of organisations (the only door into organisations/): municipalities and organisations by id, slug or name. */
export {
	findMunicipalitiesByIds,
	findMunicipalityBySlug,
	findOrganisationInMunicipality,
	insertOrganisation,
	listOrganisationsOfMunicipality
} from './organisations.repository';

/** What other modules may use of organisations (the only door into organisations/): municipalities and organisations by id, slug or name. */
export {
	findMunicipalitiesByIds,
	findMunicipalityBySlug,
	findOrganisationById,
	findOrganisationInMunicipality,
	insertOrganisation,
	listOrganisationsOfMunicipality,
	municipalityIdsOfOrganisations
} from './organisations.repository';
/** Creating organisations and linking them to municipalities (tests and set-up in other modules). */
export { createOrganisation, linkOrganisation } from './organisation-editing.usecases';

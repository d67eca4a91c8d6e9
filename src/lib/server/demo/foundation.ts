import type { Db } from '../db/client';
import { systemActor, type Role } from '../platform/authz';
import { slugify, type OrganisationType } from '../modules/organisations/organisations.models';
import { insertMunicipality, insertOrganisation } from '../modules/organisations/organisations.repository';
import { createUser } from '../modules/users/users.usecases';

export const DEMO_PASSWORD = 'forebygg-demo';

interface DemoMunicipality {
	slug: string;
	name: string;
	officialName: string;
	scbCode: string;
	county: string;
	countyCode: string;
	organisations: { key: string; name: string; type: OrganisationType }[];
}

/** Taken from the seed documents: Falun's action plan and promise, Sunne's promises. */
export const DEMO_MUNICIPALITIES: DemoMunicipality[] = [
	{
		slug: 'falun',
		name: 'Falun',
		officialName: 'Falu kommun',
		scbCode: '2080',
		county: 'Dalarnas län',
		countyCode: '20',
		organisations: [
			{ key: 'kommun', name: 'Falu kommun', type: 'kommunal_forvaltning' },
			{ key: 'polis', name: 'Lokalpolisområde Falun', type: 'lokalpolisomrade' },
			{ key: 'kopparstaden', name: 'Kopparstaden', type: 'bostadsbolag' },
			{ key: 'buf', name: 'Barn- och utbildningsförvaltningen', type: 'kommunal_forvaltning' },
			{ key: 'asf', name: 'Arbetslivs- och socialförvaltningen', type: 'kommunal_forvaltning' },
			{ key: 'msf', name: 'Miljö- och samhällsbyggnadsförvaltningen', type: 'kommunal_forvaltning' },
			{ key: 'sf', name: 'Serviceförvaltningen', type: 'kommunal_forvaltning' },
			{ key: 'kof', name: 'Kultur och fritid', type: 'kommunal_forvaltning' }
		]
	},
	{
		slug: 'sunne',
		name: 'Sunne',
		officialName: 'Sunne kommun',
		scbCode: '1766',
		county: 'Värmlands län',
		countyCode: '17',
		organisations: [
			{ key: 'kommun', name: 'Sunne kommun', type: 'kommunal_forvaltning' },
			{ key: 'polis', name: 'Lokalpolisområde Torsby', type: 'lokalpolisomrade' },
			{ key: 'skola', name: 'Skolan i Sunne kommun', type: 'skola' },
			{ key: 'social', name: 'Socialtjänsten i Sunne kommun', type: 'kommunal_forvaltning' },
			{ key: 'teknik', name: 'Tekniska avdelningen i Sunne kommun', type: 'kommunal_forvaltning' }
		]
	}
];

export const DEMO_USERS: { email: string; name: string; role: Role; municipality?: string; organisation?: string }[] = [
	{ email: 'admin@forebygg.demo', name: 'Ada Admin', role: 'admin' },
	{ email: 'samordnare@falun.demo', name: 'Sara Samordnare', role: 'samordnare', municipality: 'falun', organisation: 'kommun' },
	{ email: 'kommunpolis@falun.demo', name: 'Kim Kommunpolis', role: 'medarbetare', municipality: 'falun', organisation: 'polis' },
	{ email: 'kopparstaden@falun.demo', name: 'Karin Kopparstaden', role: 'medarbetare', municipality: 'falun', organisation: 'kopparstaden' },
	{ email: 'politiker@falun.demo', name: 'Per Politiker', role: 'lasare', municipality: 'falun', organisation: 'kommun' },
	{ email: 'samordnare@sunne.demo', name: 'Stina Samordnare', role: 'samordnare', municipality: 'sunne', organisation: 'kommun' }
];

export interface DemoRefs {
	municipalities: Record<string, { id: string; organisations: Record<string, string> }>;
}

export async function seedFoundation(db: Db, password = DEMO_PASSWORD): Promise<DemoRefs> {
	const refs: DemoRefs = { municipalities: {} };
	await db.transaction(async (tx) => {
		for (const demo of DEMO_MUNICIPALITIES) {
			const { organisations, ...fields } = demo;
			const municipality = await insertMunicipality(tx, fields);
			const orgIds: Record<string, string> = {};
			for (const org of organisations) {
				// A police area has an overview over the municipalities it serves (/app/omrade/lokalpolisomrade-falun).
				const slug = org.type === 'lokalpolisomrade' ? slugify(org.name) : null;
				orgIds[org.key] = (await insertOrganisation(tx, { name: org.name, type: org.type, slug }, [municipality.id])).id;
			}
			refs.municipalities[demo.slug] = { id: municipality.id, organisations: orgIds };
		}
	});
	for (const user of DEMO_USERS) {
		const municipality = user.municipality ? refs.municipalities[user.municipality] : undefined;
		await createUser({
			db,
			actor: systemActor('demo-seed'),
			input: {
				email: user.email,
				name: user.name,
				password,
				role: user.role,
				municipalityId: municipality?.id ?? null,
				organisationId: municipality && user.organisation ? municipality.organisations[user.organisation] : null
			}
		});
	}
	return refs;
}

import { parseArgs } from 'node:util';
import { systemActor } from '../../platform/authz';
import { readConfig } from '../../platform/config';
import type { CliCommand } from '../cli-registry';
import { createFirstAdmin, inviteUser } from '../users/public';
import { ROLES, type Role } from '../../platform/authz';
import { KOMMUNER } from './kommuner';
import { addMunicipality, deleteMunicipality, exportMunicipality } from './municipalities.usecases';
import { createOrganisation, linkOrganisation } from './organisation-editing.usecases';
import { findMunicipalityBySlug, listMunicipalities, listOrganisationsOfMunicipality } from './organisations.repository';
import fs from 'node:fs';

/** The command line acts as the installation itself: whoever runs it has the machine and its database. */
const cli = systemActor('cli');

export class CliUsageError extends Error {}

async function municipalityOf(db: Parameters<Parameters<Parameters<CliCommand>[1]['withDatabase']>[0]>[0]['db'], slug: string | undefined) {
	if (!slug) throw new CliUsageError('Ange kommunen med --kommun (till exempel --kommun leksand).');
	const municipality = await findMunicipalityBySlug(db, slug.toLowerCase());
	if (!municipality) throw new CliUsageError(`Kommunen ${slug} finns inte i Förebygg (se municipality:list).`);
	return municipality;
}

/** Onboarding from a shell: municipalities, organisations, invitations and the first admin. */
export const ONBOARDING_COMMANDS: Record<string, CliCommand> = {
	'municipality:create': async (args, { withDatabase }) => {
		const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { code: { type: 'string' }, 'official-name': { type: 'string' } } });
		const wanted = values.code ?? positionals[0];
		if (!wanted) throw new CliUsageError('municipality:create behöver kommunkoden eller namnet, till exempel municipality:create 2029 eller Leksand.');
		const kommun = KOMMUNER.find((k) => k.code === wanted || k.name.toLocaleLowerCase('sv') === wanted.toLocaleLowerCase('sv'));
		if (!kommun) throw new CliUsageError(`${wanted} är inte en av Sveriges 290 kommuner.`);
		await withDatabase(async ({ db }) => {
			const row = await addMunicipality({ db, actor: cli, code: kommun.code, officialName: values['official-name'] });
			console.log(`${row.name} (${row.scbCode}, ${row.county}) är tillagd: /app/${row.slug}`);
		});
	},
	'municipality:list': async (_args, { withDatabase }) => {
		await withDatabase(async ({ db }) => {
			for (const m of await listMunicipalities(db)) console.log(`${m.slug}\t${m.scbCode}\t${m.name}\t${m.county}${m.active ? '' : '\t(inaktiv)'}`);
		});
	},
	'municipality:delete': async (args, { withDatabase }) => {
		const { values } = parseArgs({ args, options: { kommun: { type: 'string' }, export: { type: 'string' }, confirm: { type: 'string' } } });
		if (!values.export) throw new CliUsageError('municipality:delete behöver --export <fil>: kommunens export skrivs dit före borttagningen.');
		await withDatabase(async ({ db }) => {
			const municipality = await municipalityOf(db, values.kommun);
			if ((values.confirm ?? '').toLocaleLowerCase('sv') !== municipality.name.toLocaleLowerCase('sv')) {
				throw new CliUsageError(`Bekräfta med --confirm "${municipality.name}".`);
			}
			const file = await exportMunicipality({ db, actor: cli, municipalityId: municipality.id });
			fs.writeFileSync(values.export!, file.json);
			const removed = await deleteMunicipality({ db, actor: cli, municipalityId: municipality.id, typedName: values.confirm!, exportConfirmed: true });
			console.log(`Exporten är skriven till ${values.export}. ${municipality.name} är borttagen (${Object.values(removed).reduce((a, b) => a + b, 0)} rader).`);
		});
	},
	'org:create': async (args, { withDatabase }) => {
		const { values } = parseArgs({
			args,
			options: { kommun: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, also: { type: 'string', multiple: true } }
		});
		if (!values.name || !values.type) throw new CliUsageError('org:create behöver --kommun, --name och --type.');
		await withDatabase(async ({ db }) => {
			const municipality = await municipalityOf(db, values.kommun);
			const row = await createOrganisation({ db, actor: cli, municipalityId: municipality.id, name: values.name!, type: values.type! });
			for (const slug of values.also ?? []) {
				await linkOrganisation({ db, actor: cli, organisationId: row.id, municipalityId: (await municipalityOf(db, slug)).id, linked: true });
			}
			console.log(
				`${row.name} är tillagd i ${municipality.name}${values.also?.length ? ` och ${values.also.join(', ')}` : ''}.${row.slug ? ` Översikt: /app/omrade/${row.slug}` : ''}`
			);
		});
	},
	'user:invite': async (args, { withDatabase }) => {
		const { values } = parseArgs({
			args,
			options: { kommun: { type: 'string' }, org: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } }
		});
		const role = (values.role ?? 'medarbetare') as Role;
		if (!values.email || !values.name || !values.org || !ROLES.includes(role)) {
			throw new CliUsageError('user:invite behöver --email, --name, --org (organisationens namn) och --kommun; --role är medarbetare om den utelämnas.');
		}
		await withDatabase(async ({ db }) => {
			const municipality = await municipalityOf(db, values.kommun);
			// Exact name only: the command line never guesses which organisation was meant.
			const organisation = (await listOrganisationsOfMunicipality(db, municipality.id)).find(
				(o) => o.name.toLocaleLowerCase('sv') === values.org!.trim().toLocaleLowerCase('sv')
			);
			if (!organisation) throw new CliUsageError(`Organisationen ${values.org} finns inte i ${municipality.name}.`);
			const { link } = await inviteUser({
				db,
				config: readConfig(),
				actor: cli,
				input: { email: values.email!, name: values.name!, role, organisationId: organisation.id, municipalityId: municipality.id }
			});
			console.log(`Inbjudan till ${values.email} ligger i utkorgen. Länken (gäller i sju dagar): ${link}`);
		});
	},
	'setup:admin': async (args, { withDatabase }) => {
		const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
		const password = values.password ?? process.env.FOREBYGG_PASSWORD;
		if (!values.email || !values.name || !password) throw new CliUsageError('setup:admin behöver --email, --name och --password (eller FOREBYGG_PASSWORD).');
		await withDatabase(async ({ db }) => {
			const user = await createFirstAdmin({ db, by: cli, input: { email: values.email!, name: values.name!, password } });
			console.log(`Den första administratören ${user.email} är skapad. Logga in och lägg till kommuner under Administration → Kommuner.`);
		});
	}
};

export const ONBOARDING_HELP = `  setup:admin --email E --name N [--password P]
                              skapar den första administratören i en tom installation (DEMO=0)
  municipality:create <kommunkod|namn> [--official-name "Leksands kommun"]
                              lägger till en av Sveriges 290 kommuner
  municipality:list           listar kommunerna i Förebygg
  municipality:delete --kommun K --export <fil> --confirm "<namn>"
                              skriver kommunens export och tar sedan bort kommunen med allt den äger
  org:create --kommun K --name N --type T [--also K2 …]
                              lägger till en organisation (typ lokalpolisomrade: med --also fler kommuner)
  user:invite --kommun K --org "<organisation>" --email E --name N [--role R]
                              bjuder in en person (e-post i utkorgen, länken gäller i sju dagar)
`;

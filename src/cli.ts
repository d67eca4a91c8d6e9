// `npm run cli -- <command>`: the operations an administrator runs from a shell.
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from './lib/server/db/client';
import { restoreBackup, writeBackup } from './lib/server/db/backup';
import { seedDemo } from './lib/server/demo/seed';
import { CLI_COMMANDS, type CliCommand } from './lib/server/modules/cli-registry';
import { CliUsageError, ONBOARDING_COMMANDS, ONBOARDING_HELP } from './lib/server/modules/organisations/onboarding.cli';
import { verifyAuditChain } from './lib/server/modules/audit/audit.usecases';
import { findMunicipalityBySlug } from './lib/server/modules/organisations/organisations.repository';
import { createUser } from './lib/server/modules/users/users.usecases';
import { systemActor, ROLES, type Role } from './lib/server/platform/authz';
import { readConfig } from './lib/server/platform/config';
import { ValidationError } from './lib/server/platform/errors';

const HELP = `Förebygg – kommandon (npm run cli -- <kommando>)

  migrate                     kör databasmigreringar
${ONBOARDING_HELP}  user:create --email E --name N --role R [--kommun falun] [--password P]
                              skapar ett konto (rollerna: ${ROLES.join(', ')}); utan --password
                              läses lösenordet från miljövariabeln FOREBYGG_PASSWORD
  demo:seed                   lägger in demokommunerna (bara i en tom databas)
  audit:verify                kontrollerar loggens hashkedja och de signerade kontrollpunkterna
                              (avkortad logg, omräknad kedja); anger första brutna rad
  audit:checkpoint            signerar loggens nuvarande slut (servern gör det varje timme)
  backup <fil>                skriver en portabel säkerhetskopia (fungerar mot båda databasmotorerna)
  restore <fil>               återställer en säkerhetskopia till en tom databas
  plan:import --kommun K <fil>
                              importerar en åtgärdsplan (.docx, .xlsx, .csv eller text från Word)
  plan:export --kommun K [--plan ID] [--format docx|xlsx|csv|json] <fil>
                              exporterar kommunens senaste (eller angivna) åtgärdsplan
`;

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
	const config = readConfig();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		await database.migrate(config.migrationsFolder);
		return await work(database);
	} finally {
		await database.close();
	}
}

const FOUNDATION_COMMANDS: Record<string, CliCommand> = {
	migrate: async () => withDatabase(async (d) => console.log(`Migreringar klara (${d.engine}).`)),
	'demo:seed': async () =>
		withDatabase(async ({ db }) => console.log((await seedDemo(db)) ? 'Demokommunerna är inlagda.' : 'Databasen är inte tom; inget lades in.')),
	'audit:verify': async () =>
		withDatabase(async ({ db }) => {
			const verdict = await verifyAuditChain(db);
			if (verdict.ok) {
				console.log(`Loggkedjan är hel: ${verdict.rows} rader kontrollerade.`);
				return;
			}
			console.error(`Loggkedjan är bruten vid rad ${verdict.firstBrokenId} (${verdict.reason}); ${verdict.rows} rader före den är hela.`);
			process.exitCode = 1;
		}),
	'user:create': async (args) => {
		const { values } = parseArgs({
			args,
			options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, kommun: { type: 'string' }, password: { type: 'string' } }
		});
		const role = values.role as Role;
		if (!values.email || !values.name || !ROLES.includes(role)) throw new UsageError('user:create behöver --email, --name och --role.');
		const password = values.password ?? process.env.FOREBYGG_PASSWORD;
		await withDatabase(async ({ db }) => {
			const municipality = values.kommun ? await findMunicipalityBySlug(db, values.kommun) : undefined;
			if (values.kommun && !municipality) throw new UsageError(`Kommunen ${values.kommun} finns inte.`);
			const user = await createUser({
				db,
				actor: systemActor('cli'),
				input: { email: values.email!, name: values.name!, role, password, municipalityId: municipality?.id ?? null }
			});
			console.log(`Kontot ${user.email} (${role}) är skapat.`);
		});
	},
	backup: async ([file]) => {
		if (!file) throw new UsageError('Ange filen: backup <fil>.');
		await withDatabase(async ({ db }) => {
			const counts = await writeBackup(db, file);
			console.log(`Säkerhetskopia skriven till ${file}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rader.`);
		});
	},
	restore: async ([file]) => {
		if (!file) throw new UsageError('Ange filen: restore <fil>.');
		await withDatabase(async ({ db }) => {
			const counts = await restoreBackup(db, file);
			console.log(`Återställt från ${file}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rader.`);
		});
	}
};

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);
const commands = { ...FOUNDATION_COMMANDS, ...ONBOARDING_COMMANDS, ...CLI_COMMANDS };
if (!command || command === 'help' || command === '--help' || !commands[command]) {
	console.log(HELP);
	if (command && command !== 'help' && command !== '--help') {
		console.error(`Okänt kommando: ${command}`);
		process.exitCode = 2;
	}
} else {
	try {
		await commands[command](rest, { withDatabase });
	} catch (error) {
		if (error instanceof ValidationError) console.error(Object.values(error.fieldErrors).join('\n'));
		else console.error((error as Error).message);
		process.exitCode = error instanceof UsageError || error instanceof CliUsageError ? 2 : 1;
	}
}

import { readConfig } from '../../platform/config';
import type { CliCommand } from '../cli-registry';
import { verifyAuditLog, writeCheckpoint } from './audit.checkpoint';
import { describeProblem } from './audit.checkpoint.models';

/** `audit:checkpoint`: signs the log's head now (the server also does it every hour). */
export const auditCheckpointCommand: CliCommand = (_args, { withDatabase }) =>
	withDatabase(async ({ db }) => {
		const checkpoint = await writeCheckpoint({ db, config: readConfig(), reason: 'cli', force: true });
		if (!checkpoint) console.log('Loggen är tom; ingen kontrollpunkt skriven.');
		else console.log(`Kontrollpunkt skriven: ${checkpoint.rows} rader, sista rad ${checkpoint.lastId}, hash ${checkpoint.headHash.slice(0, 16)}…`);
	});

/** `audit:verify`: the hash chain, then every signed checkpoint; exit code 1 on any finding. */
export const auditVerifyCommand: CliCommand = (_args, { withDatabase }) =>
	withDatabase(async ({ db }) => {
		const verdict = await verifyAuditLog({ db, config: readConfig() });
		if (verdict.chain.ok) console.log(`Loggkedjan är hel: ${verdict.chain.rows} rader kontrollerade.`);
		else console.error(`Loggkedjan är bruten vid rad ${verdict.chain.firstBrokenId} (${verdict.chain.reason}); ${verdict.chain.rows} rader före den är hela.`);
		if (verdict.checkpoints === 0) console.log('Inga signerade kontrollpunkter än: kör audit:checkpoint (servern skriver en varje timme).');
		else if (verdict.latest)
			console.log(`${verdict.checkpoints} kontrollpunkter jämförda; den senaste giltiga (${verdict.latest.at}) omfattar ${verdict.latest.rows} rader.`);
		for (const problem of verdict.problems) console.error(describeProblem(problem));
		if (verdict.missingFromLog > 0)
			console.error(
				`${verdict.missingFromLog} kontrollpunkter i filen saknas i loggen (raderna de beskrev är borttagna, eller databasen är återställd från en äldre kopia).`
			);
		if (!verdict.ok) process.exitCode = 1;
	});

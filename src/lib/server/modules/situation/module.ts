import { defineServerModule } from '../manifest';
import { SITUATION_AUDIT_EVENTS } from './situation.events';
import { situationOpenApiPaths } from './situation.openapi';
import { situationPublicSection, situationTodo } from './situation.overview';
import { SITUATION_PERMISSIONS } from './situation.permissions';
import { seedSituationDemo } from './demo';
import { deleteStaleCrimeDrafts } from './crimes/housekeeping';
import { seedSituationReportDemo } from './report/situation-report.demo';
import { sendRenewalReminders } from './report/situation-report.reminders';

/** The situation module's manifest: see ../manifest.ts. */
export const situationModule = defineServerModule({
	id: 'situation',
	permissions: SITUATION_PERMISSIONS,
	auditEvents: SITUATION_AUDIT_EVENTS,
	openapi: situationOpenApiPaths(),
	todo: situationTodo,
	publicSection: situationPublicSection,
	async hourly({ db, config }) {
		await deleteStaleCrimeDrafts(db);
		await sendRenewalReminders({ db, config });
	},
	async seedDemo({ db, refs }) {
		// One transaction: a demo database has all of the lägesbild's demo data or none of it.
		await db.transaction(async (tx) => {
			await seedSituationDemo(tx, refs.municipalities.falun.id);
			await seedSituationReportDemo(tx, refs.municipalities.falun.id);
		});
	}
});

export default situationModule;

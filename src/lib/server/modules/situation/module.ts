import type { ServerModule } from '../registry';
import { seedSituationDemo } from './demo';
import { deleteStaleCrimeDrafts } from './crimes/housekeeping';
import { seedSituationReportDemo } from './report/situation-report.demo';
import { sendRenewalReminders } from './report/situation-report.reminders';

export const situationModule: ServerModule = {
	id: 'situation',
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
};

import type { ServerModule } from '../registry';
import { seedSituationDemo } from './demo';

export const situationModule: ServerModule = {
	id: 'situation',
	async seedDemo({ db, refs }) {
		// One transaction: a demo database has all of the lägesbild's demo data or none of it.
		await db.transaction((tx) => seedSituationDemo(tx, refs.municipalities.falun.id));
	}
};

import type { Db } from '../db/client';
import type { Config } from '../platform/config';
import type { DemoRefs } from '../demo/foundation';
import { plansModule } from './plans/module';
import { promisesModule } from './promises/module';
import { situationModule } from './situation/module';

/**
 * The server side of a module's manifest: what the shared parts (demo data, exports) loop over.
 * Adding a module means adding its folder and one line here.
 */
export interface ServerModule {
	id: string;
	seedDemo?(context: { db: Db; refs: DemoRefs }): Promise<void>;
	/** Work the server does on its own once an hour (reminders); also run by `cli jobs:run` for an external cron. */
	hourly?(context: { db: Db; config: Config }): Promise<void>;
}

export const SERVER_MODULES: ServerModule[] = [plansModule, promisesModule, situationModule];

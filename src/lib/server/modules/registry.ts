import type { Db } from '../db/client';
import type { DemoRefs } from '../demo/foundation';
import { plansModule } from './plans/module';
import { promisesModule } from './promises/module';

/**
 * The server side of a module's manifest: what the shared parts (demo data, exports) loop over.
 * Adding a module means adding its folder and one line here.
 */
export interface ServerModule {
	id: string;
	seedDemo?(context: { db: Db; refs: DemoRefs }): Promise<void>;
}

export const SERVER_MODULES: ServerModule[] = [plansModule, promisesModule];

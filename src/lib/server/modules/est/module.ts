import { decide } from '../../platform/authz';
import { defineServerModule } from '../manifest';
import { myTasks } from './est.meetings.usecases';
import { seedEstDemo } from './est.demo';
import { applyReportRetention } from './est.retention';
import { runEscalationRoutines } from './est.escalation.usecases';
import { findMunicipalitiesByIds } from '../organisations/public';
import { EST_AUDIT_EVENTS } from './est.events';
import { EST_PERMISSIONS } from './est.permissions';
import { estOpenApiPaths } from './est.openapi';

/**
 * EST (effektiv samordning för trygghet, issue 13), a module of its own: this folder, its browser
 * half and messages in src/lib/modules/est/, its routes, its migrations and its tests.
 */
export default defineServerModule({
	id: 'est',
	permissions: EST_PERMISSIONS,
	auditEvents: EST_AUDIT_EVENTS,
	/** Open311 GeoReport v2 (/api/open311/v2), so fault-report and guard systems feed EST. */
	openapi: estOpenApiPaths(),
	/** The open tasks of the person's organisations, overdue ones marked. */
	async todo({ db, actor, municipality }) {
		if (!decide(actor, 'est.read', { municipalityId: municipality.id }).allowed) return [];
		const tasks = await myTasks({ db, actor, municipalityId: municipality.id, openOnly: true });
		return tasks.map((task) => ({
			id: `est.task.${task.id}`,
			key: 'est.todo.task',
			values: { what: task.what, place: task.place, due: task.dueOn },
			href: `/app/${municipality.slug}/est/uppgifter`,
			urgent: task.overdue
		}));
	},
	/** Free text and photos of reports past the retention time are removed (counts stay). */
	/** Also the escalation routine: places prioritised too many cycles running are raised. */
	async hourly({ db, config }) {
		await applyReportRetention(db);
		await runEscalationRoutines(db, config, async (id) => (await findMunicipalitiesByIds(db, [id]))[0]?.slug ?? null);
	},
	async seedDemo({ db, refs }) {
		await seedEstDemo(db, refs);
	}
});

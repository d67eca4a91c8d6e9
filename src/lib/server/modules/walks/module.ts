import { defineServerModule } from '../manifest';
import { seedWalksDemo } from './walks.demo';
import { sendFollowUpReminders } from './walks.jobs';
import { walksTodo } from './walks.overview';
import { WALKS_AUDIT_EVENTS } from './walks.events';
import { WALKS_PERMISSIONS } from './walks.permissions';

/**
 * Trygghetsvandringar (issue 14): plan a walk, write findings down on a phone, route each finding to
 * its owner (inside or outside the partnership) and follow it until fixed.
 */
export default defineServerModule({
	id: 'walks',
	permissions: WALKS_PERMISSIONS,
	auditEvents: WALKS_AUDIT_EVENTS,
	todo: walksTodo,
	seedDemo: seedWalksDemo,
	async hourly({ db, config }) {
		await sendFollowUpReminders({ db, config });
	}
});

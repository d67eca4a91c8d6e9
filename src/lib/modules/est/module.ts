import { defineDomainModule } from '../manifest';
import { EST_CADENCES, EST_EFFECTS, EST_REPORT_STATUSES, EST_TASK_STATUSES, EST_TIMES_OF_DAY } from './constants';

/** EST: partners report places and situations; the group meets every cycle (issue 13). */
export default defineDomainModule({
	id: 'est',
	segment: 'est',
	built: true,
	order: 40,
	dynamicKeys: {
		'est.cadence.*': EST_CADENCES,
		'est.effect.*': EST_EFFECTS,
		'est.timeOfDay.*': EST_TIMES_OF_DAY,
		'est.status.*': EST_REPORT_STATUSES,
		'est.taskStatus.*': EST_TASK_STATUSES
	}
});

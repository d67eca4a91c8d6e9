import { defineDomainModule } from '../manifest';
import { FINDING_STATES, WALK_MEETINGS } from './constants';

/** Trygghetsvandringar (issue 14): walks, their findings and the owners who fix them. */
export default defineDomainModule({
	id: 'walks',
	segment: 'trygghetsvandringar',
	built: true,
	order: 50,
	dynamicKeys: {
		'walks.state.*': FINDING_STATES,
		'walks.meeting.*': WALK_MEETINGS,
		'walks.notice.*': ['planerad', 'registrerad', 'publicerad', 'betyg', 'aterkallad', 'kontrollerad'],
		'walks.score.*': [1, 2, 3, 4]
	}
});

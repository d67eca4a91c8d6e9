import { defineDomainModule } from '../manifest';
import { ACTION_STATUSES, ALL_FACTORS, CASE_STATUSES, ENTRY_KINDS, FACTOR_LEVELS, READABLE_CATEGORIES, REFERRAL_SOURCES, REFUSAL_REASONS } from './constants';

/** SSPF / Sociala insatsgrupper (issue 15): consent-gated case coordination around young people at risk. */
export default defineDomainModule({
	id: 'sspf',
	segment: 'sspf',
	built: true,
	order: 60,
	dynamicKeys: {
		'sspf.category.*': READABLE_CATEGORIES,
		'sspf.status.*': [...CASE_STATUSES, 'raderad'],
		'sspf.source.*': REFERRAL_SOURCES,
		'sspf.reason.*': REFUSAL_REASONS,
		'sspf.entry.*': ENTRY_KINDS,
		'sspf.level.*': FACTOR_LEVELS,
		'sspf.factor.*': ALL_FACTORS,
		'sspf.group.*': ['styrgrupp', 'beredningsgrupp'],
		'sspf.gender.*': ['kvinna', 'man'],
		'sspf.actionStatus.*': ACTION_STATUSES,
		/** The fields a rectification may change (the rättelse page). */
		'sspf.rectify.field.*': ['name', 'guardians', 'referralFrom', 'referralReason']
	}
});

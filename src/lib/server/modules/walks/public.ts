/**
 * What other modules may use of the safety walks (the only door into walks/): the findings of a
 * period, for the lägesbild's count per area, category and month.
 */
export { listFindingsForSituation as listWalkFindingsForSituation } from './walks.repository';

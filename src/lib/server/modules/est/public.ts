/**
 * What other modules may use of EST (the only door into est/): its reports, read without their
 * photo's bytes — a walk finding links to one, and the lägesbild counts them per area, category
 * and month as a source.
 */
export { findReport as findEstReport, listReportsBetween as listEstReportsBetween, listReportsOfMunicipality as listEstReports } from './est.repository';

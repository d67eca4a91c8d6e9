/** What other modules may use of plans (the only door into plans/). */
export { getPlan, importPlan, listPlans } from './plans.usecases';
/** Another module's matter (an EST escalation) becomes a measure in a plan, its origin written into the measure. */
export { addMeasureFromElsewhere } from './plan-measure-add.usecases';
export { parsePlanText } from './plan-import';
// The table readers are shared machinery on their way to platform/files (upload hardening).
export { parseCsv, readXlsxRows } from './plan-import';
/** What readXlsxRows throws for a file it cannot read: a coded text for the reader. */
export { PlanImportError } from './plan-files';
/** The demo plan's text, for other modules' tests that need a real plan. */
export { FALUN_PLAN_FIXTURE } from './module';

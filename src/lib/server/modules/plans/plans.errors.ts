import { AppError, NotFoundError } from '../../platform/errors';

export const planNotFound = () => new NotFoundError('plans.plan_not_found', 'Åtgärdsplanen finns inte.');
export const importDraftGone = () =>
	new AppError('plans.import_draft_gone', 409, 'Förhandsgranskningen har redan sparats eller gått ut. Ladda upp filen igen.');
export const importHasErrors = () => new AppError('plans.import_has_errors', 400, 'Importen har fel som måste rättas först. Inget har sparats.');

import { AppError, NotFoundError } from '../../platform/errors';

// Coded errors: their texts are `plans.error.*` in src/lib/modules/plans/messages (Swedish and English).
export const planNotFound = () => new NotFoundError('plans.plan_not_found');
export const importDraftGone = () => new AppError('plans.import_draft_gone', 409, {});
export const importHasErrors = () => new AppError('plans.import_has_errors', 400, {});

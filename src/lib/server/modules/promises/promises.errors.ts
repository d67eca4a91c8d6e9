import { AppError, NotFoundError } from '../../platform/errors';

// Coded errors: their texts are `promises.error.*` in src/lib/modules/promises/messages (Swedish and English).
export const promiseNotFound = () => new NotFoundError('promises.promise_not_found');
export const followUpNotFound = () => new NotFoundError('promises.follow_up_not_found');
export const feedbackNotFound = () => new NotFoundError('promises.feedback_not_found');
export const importDraftGone = () => new AppError('promises.import_draft_gone', 409, {});
export const importEmpty = () => new AppError('promises.import_empty', 400, {});
export const importNothingFound = () => new AppError('promises.import_nothing_found', 400, {});
export const promiseNotEditable = () => new AppError('promises.not_editable', 409, {});
/** The year goes in as text: a number would be formatted with a thousands separator (2 024). */
export const extensionNotLater = (end: number) => new AppError('promises.extension_not_later', 400, { end: String(end) });

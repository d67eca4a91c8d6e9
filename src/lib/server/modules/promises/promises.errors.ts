import { AppError, NotFoundError } from '../../platform/errors';

export const promiseNotFound = () => new NotFoundError('promises.promise_not_found', 'Medborgarlöftet finns inte.');
export const followUpNotFound = () => new NotFoundError('promises.follow_up_not_found', 'Uppföljningen finns inte.');
export const feedbackNotFound = () => new NotFoundError('promises.feedback_not_found', 'Meddelandet finns inte.');
export const importDraftGone = () =>
	new AppError('promises.import_draft_gone', 409, 'Förhandsgranskningen har redan sparats eller gått ut. Klistra in texten igen.');
export const importEmpty = () => new AppError('promises.import_empty', 400, 'Klistra in texten till medborgarlöftet.');
export const importNothingFound = () =>
	new AppError('promises.import_nothing_found', 400, 'Texten innehåller varken löften (”Polisen lovar att:”) eller aktiviteter. Inget har sparats.');
export const promiseNotEditable = () => new AppError('promises.not_editable', 409, 'Ett avslutat medborgarlöfte kan inte ändras. Det finns kvar som historik.');
export const extensionNotLater = (end: number) =>
	new AppError('promises.extension_not_later', 400, `Förlängningen måste gå längre än nuvarande slutår (${end}).`, {
		fieldErrors: { toYear: `Ange ett år efter ${end}.` }
	});

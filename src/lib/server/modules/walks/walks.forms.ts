/** A posted text field ('' when missing). */
const textOf = (data: FormData, name: string) => String(data.get(name) ?? '');

/** The files of a multipart form field as bytes (an empty file input sends one empty file, which is skipped). */
export async function filesOf(form: FormData, name: string): Promise<Uint8Array[]> {
	const files = form.getAll(name).filter((value): value is File => value instanceof File && value.size > 0);
	return Promise.all(files.map(async (file) => new Uint8Array(await file.arrayBuffer())));
}

/** The planning form's fields as posted (the new walk's page and the edit page). */
export const readPlanForm = (form: FormData) => ({
	title: textOf(form, 'title'),
	areaId: textOf(form, 'areaId'),
	areaName: textOf(form, 'areaName'),
	meetingPlace: textOf(form, 'meetingPlace'),
	organiser: textOf(form, 'organiser'),
	invitedOrganisationIds: form.getAll('invitedOrganisationIds').map(String),
	residentsExpected: textOf(form, 'residentsExpected'),
	preMeetingAt: textOf(form, 'preMeetingAt'),
	walkAt: textOf(form, 'walkAt'),
	followUpAt: textOf(form, 'followUpAt'),
	stops: textOf(form, 'stops'),
	route: textOf(form, 'route'),
	drawnArea: textOf(form, 'drawnArea'),
	previousWalkId: textOf(form, 'previousWalkId')
});

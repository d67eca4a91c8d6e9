import { fail, redirect } from '@sveltejs/kit';
import { listRoundReminders, remindRound } from '$lib/server/modules/plans/follow-up-reminders';
import {
	SheetImportError,
	closeFollowUpRound,
	getFollowUpRound,
	importFollowUpSheet,
	roundRecipients,
	saveFollowUpAnswers
} from '$lib/server/modules/plans/follow-up.usecases';
import { errorText, NotFoundError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
	const view = await asHttpError(() => getFollowUpRound({ db, actor, roundId: event.params.roundId }));
	if (view.plan.id !== event.params.planId || view.plan.municipalityId !== municipality.id) {
		return asHttpError(() => Promise.reject(new NotFoundError('plans.round_not_found', 'Uppföljningsomgången finns inte.')));
	}
	const reminders = view.canManage ? await listRoundReminders({ db, actor, roundId: view.round.id }) : [];
	const recipients = view.canManage ? await roundRecipients({ db, actor, roundId: view.round.id }) : null;
	const params = event.url.searchParams;
	return {
		view,
		reminders,
		recipients,
		saved: params.get('sparat'),
		reminded: params.get('paminda'),
		opened: params.has('oppnad'),
		// The close button leads here first: the coordinator sees what is missing and confirms (no JavaScript needed).
		confirmClose: params.has('stang') && view.canManage && view.round.status === 'oppen',
		closed: params.has('stangd')
	};
};

/** Fields `ind-<measureId>::<indicator name>`; blank ones are not reported, and anything else than a number fails validation. */
function indicatorValuesOf(form: FormData, measureId: string): Record<string, number> {
	const prefix = `ind-${measureId}::`;
	const values: Record<string, number> = {};
	for (const [key, value] of form.entries()) {
		const text = String(value).trim().replace(/\s/g, '').replace(',', '.');
		if (key.startsWith(prefix) && text !== '') values[decodeURIComponent(key.slice(prefix.length))] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
	}
	return values;
}

const roundPath = (slug: string, params: { planId: string; roundId: string }) => `/app/${slug}/atgardsplan/${params.planId}/uppfoljning/${params.roundId}`;

export const actions: Actions = {
	answer: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
		const form = await event.request.formData();
		const ids = form.getAll('measureId').map(String);
		const answers = ids.map((measureId) => ({
			measureId,
			status: String(form.get(`status-${measureId}`) ?? ''),
			done: String(form.get(`done-${measureId}`) ?? ''),
			nextSteps: String(form.get(`next-${measureId}`) ?? ''),
			indicatorValues: indicatorValuesOf(form, measureId)
		}));
		const result = await asHttpError(() => saveFollowUpAnswers({ db, actor, roundId: event.params.roundId, answers, ip: clientIp(event) }));
		// What was right is saved; the rest comes back with its text, each message naming its measure.
		if (Object.keys(result.fieldErrors).length) return fail(400, { errors: result.fieldErrors, values: answers, saved: result.saved.length });
		redirect(303, `${roundPath(municipality.slug, event.params)}?sparat=${result.saved.length}#sparat`);
	},
	upload: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.read');
		const file = (await event.request.formData()).get('sheet');
		const data = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
		const saved = await orInvalid(
			() =>
				importFollowUpSheet({
					db,
					actor,
					roundId: event.params.roundId,
					planId: event.params.planId,
					municipalityId: municipality.id,
					data,
					ip: clientIp(event)
				}),
			SheetImportError
		);
		if (saved instanceof SheetImportError)
			return fail(400, { sheetErrors: saved.rowErrors.map((e) => errorText(e.text.code, e.text.params, event.locals.locale) ?? e.message) });
		redirect(303, `${roundPath(municipality.slug, event.params)}?sparat=${saved}#sparat`);
	},
	remind: async (event) => {
		const { actor, municipality, db, app } = await requireMunicipality(event, 'municipality.manage');
		const reminded = await asHttpError(() =>
			remindRound({ db, config: app.config, actor, roundId: event.params.roundId, municipalitySlug: municipality.slug, force: true, ip: clientIp(event) })
		);
		redirect(303, `${roundPath(municipality.slug, event.params)}?paminda=${reminded}#paminnelser`);
	},
	close: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		// Closing is final and changes what the report says: without the confirmation field, show what is missing first.
		if (form.get('confirm') !== 'ja') redirect(303, `${roundPath(municipality.slug, event.params)}?stang#stang`);
		await asHttpError(() => closeFollowUpRound({ db, actor, roundId: event.params.roundId, ip: clientIp(event) }));
		redirect(303, `${roundPath(municipality.slug, event.params)}?stangd`);
	}
};

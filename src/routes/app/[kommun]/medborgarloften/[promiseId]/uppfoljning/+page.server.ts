import { error, fail, redirect } from '@sveltejs/kit';
import { formatLooseDate } from '$lib/modules/promises/loose-date';
import { outcomeStatus } from '$lib/server/modules/promises/promises.models';
import { correctFollowUp, getPromise, publishFollowUp, recordFollowUp, type PromiseView } from '$lib/server/modules/promises/promises.usecases';
import { ValidationError } from '$lib/server/platform/errors';
import { asHttpError, clientIp, orInvalid, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
	const promise = await asHttpError(() => getPromise({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId }));
	const correcting = event.url.searchParams.get('ratta');
	const followUp = correcting ? promise.followUps.find((f) => f.id === correcting) : undefined;
	if (correcting && !followUp) error(404, { message: 'Uppföljningen finns inte.', code: 'promises.follow_up_not_found' });
	return {
		promise,
		saved: event.url.searchParams.has('sparat'),
		corrected: event.url.searchParams.has('rattad'),
		correction: followUp ? { followUp, values: correctionValues(followUp) } : null
	};
};

/** The correction form starts from what is saved; a status the target decided is left to the target again. */
function correctionValues(followUp: PromiseView['followUps'][number]) {
	return {
		reason: '',
		heldOn: formatLooseDate(followUp.heldOn, followUp.heldOnPrecision),
		forum: followUp.forum,
		summary: followUp.summary,
		outcomes: followUp.outcomes.map((o) => ({
			outcomeId: o.id,
			status: o.targetKind && o.status === outcomeStatus(null, o.targetValue, o.achieved, o.targetKind) ? '' : (o.status ?? ''),
			achieved: o.achieved === null ? '' : o.targetKind === 'yes_no' ? (o.achieved > 0 ? 'ja' : 'nej') : String(o.achieved),
			unit: o.targetKind ? '' : (o.targetUnit ?? ''),
			done: o.done
		}))
	};
}

export const actions: Actions = {
	record: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const ids = form.getAll('activityId').map(String);
		const values = {
			heldOn: String(form.get('heldOn') ?? ''),
			forum: String(form.get('forum') ?? ''),
			summary: String(form.get('summary') ?? ''),
			publish: form.get('publish') === 'ja',
			outcomes: ids.map((activityId, i) => ({
				activityId,
				status: String(form.get(`outcomes-${i}-status`) ?? ''),
				achieved: String(form.get(`outcomes-${i}-achieved`) ?? ''),
				unit: String(form.get(`outcomes-${i}-unit`) ?? ''),
				done: String(form.get(`outcomes-${i}-done`) ?? '')
			}))
		};
		const invalid = await orInvalid(
			() => recordFollowUp({ db, actor, municipalityId: municipality.id, promiseId: event.params.promiseId, input: values, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError) return fail(400, { values, errors: invalid.fieldErrors });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/uppfoljning?sparat=1`);
	},
	correct: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		const followUpId = String(form.get('followUpId') ?? '');
		const ids = form.getAll('outcomeId').map(String);
		const values = {
			reason: String(form.get('reason') ?? ''),
			heldOn: String(form.get('heldOn') ?? ''),
			forum: String(form.get('forum') ?? ''),
			summary: String(form.get('summary') ?? ''),
			outcomes: ids.map((outcomeId, i) => ({
				outcomeId,
				status: String(form.get(`outcomes-${i}-status`) ?? ''),
				achieved: String(form.get(`outcomes-${i}-achieved`) ?? ''),
				unit: String(form.get(`outcomes-${i}-unit`) ?? ''),
				done: String(form.get(`outcomes-${i}-done`) ?? '')
			}))
		};
		const invalid = await orInvalid(
			() => correctFollowUp({ db, actor, municipalityId: municipality.id, followUpId, input: values, ip: clientIp(event) }),
			ValidationError
		);
		if (invalid instanceof ValidationError) return fail(400, { correctionValues: values, correctionErrors: invalid.fieldErrors });
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/uppfoljning?rattad=1#tidigare`);
	},
	publish: async (event) => {
		const { actor, municipality, db } = await requireMunicipality(event, 'municipality.manage');
		const form = await event.request.formData();
		await asHttpError(() =>
			publishFollowUp({
				db,
				actor,
				municipalityId: municipality.id,
				followUpId: String(form.get('followUpId') ?? ''),
				published: form.get('published') === 'ja',
				ip: clientIp(event)
			})
		);
		redirect(303, `/app/${municipality.slug}/medborgarloften/${event.params.promiseId}/uppfoljning?sparat=1`);
	}
};

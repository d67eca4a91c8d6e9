import { error } from '@sveltejs/kit';
import { myTasks, updateTaskProgress } from '$lib/server/modules/est/est.meetings.usecases';
import { formAction, textOf } from '$lib/server/platform/form-action';
import { asHttpError, clientIp, requireMunicipality } from '$lib/server/platform/guard';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	return { tasks: await asHttpError(() => myTasks({ db, actor, municipalityId: municipality.id })), saved: event.url.searchParams.has('sparad') };
};

export const actions: Actions = {
	progress: formAction({
		guard: (event) => requireMunicipality(event, 'est.read'),
		form: (raw: { taskId: string }) => `task-${raw.taskId}`,
		read: (data) => ({ taskId: textOf(data, 'taskId'), status: textOf(data, 'status'), comment: textOf(data, 'comment') }),
		run: ({ actor, db, app, municipality }, input, event) =>
			UUID.test(input.taskId)
				? updateTaskProgress({ db, config: app.config, actor, taskId: input.taskId, municipalitySlug: municipality.slug, input, ip: clientIp(event) })
				: error(404),
		redirect: (_, { municipality }) => `/app/${municipality.slug}/est/uppgifter?sparad`
	})
};

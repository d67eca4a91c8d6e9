import { createTranslator } from '$lib/i18n';
import { cyclePicture } from '$lib/server/modules/est/est.usecases';
import { asHttpError, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	const asked = Number(event.url.searchParams.get('nr'));
	const number = Number.isInteger(asked) && asked > 0 ? asked : undefined;
	const noAreaLabel = createTranslator(requestLocale())('est.picture.noArea');
	return { picture: await asHttpError(() => cyclePicture({ db, actor, municipalityId: municipality.id, number, noAreaLabel })) };
};

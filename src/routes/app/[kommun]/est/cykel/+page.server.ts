import { createTranslator } from '$lib/i18n';
import { cyclePictureWithMap } from '$lib/server/modules/est/est.cycle';
import { asHttpError, requestLocale, requireMunicipality } from '$lib/server/platform/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, municipality, db } = await requireMunicipality(event, 'est.read');
	const asked = Number(event.url.searchParams.get('nr'));
	const number = Number.isInteger(asked) && asked > 0 ? asked : undefined;
	const noAreaLabel = createTranslator(requestLocale())('est.picture.noArea');
	return { picture: await asHttpError(() => cyclePictureWithMap({ db, actor, municipalityId: municipality.id, number, noAreaLabel })) };
};

import { ForbiddenError } from '../../platform/errors';
import type { ServerModule } from '../manifest';
import { listPublicReports, renewalBanner } from './report/situation-report.usecases';

/** "Att göra": the adopted lägesbild when it is due (or past due) for renewal. */
export const situationTodo: NonNullable<ServerModule['todo']> = async ({ db, actor, municipality, config }) => {
	const renewal = await renewalBanner({ db, actor, municipalityId: municipality.id, config }).catch((error: unknown) => {
		// Who may not read the lägesbild documents gets no card: the use case's own permission check decides.
		if (error instanceof ForbiddenError) return null;
		throw error;
	});
	if (!renewal) return [];
	return [
		{
			id: `situation.renewal.${renewal.reportId}`,
			key: renewal.overdue ? 'situationReport.renewal.overdue' : 'situationReport.renewal.due',
			values: { title: renewal.title, date: renewal.dueOn },
			href: `/app/${municipality.slug}/lagesbild/dokument/${renewal.reportId}`,
			urgent: renewal.overdue
		}
	];
};

/** The public municipality page's lägesbild section: the link to the statistics and the adopted documents. */
export const situationPublicSection: NonNullable<ServerModule['publicSection']> = async ({ db, municipality }) => ({
	reports: await listPublicReports({ db, municipalityId: municipality.id })
});

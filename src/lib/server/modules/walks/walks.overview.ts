import { ForbiddenError } from '../../platform/errors';
import type { ServerModule, TodoItem } from '../manifest';
import { listWalks, residentReportQueue } from './walks.usecases';

/**
 * "Att göra" for the coordinator: residents' reports waiting for moderation, and findings an owner
 * answered "inte vårt ansvar" (back to the coordinator to reassign).
 */
export const walksTodo: NonNullable<ServerModule['todo']> = async ({ db, actor, municipality }) => {
	const queue = await residentReportQueue({ db, actor, municipalityId: municipality.id }).catch((error: unknown) => {
		if (error instanceof ForbiddenError) return null;
		throw error;
	});
	if (!queue) return [];
	const items: TodoItem[] = [];
	if (queue.reports.length > 0) {
		items.push({
			id: 'walks.reports',
			key: 'walks.todo.reports',
			values: { count: queue.reports.length },
			href: `/app/${municipality.slug}/trygghetsvandringar/rapporter`
		});
	}
	for (const walk of await listWalks({ db, actor, municipalityId: municipality.id })) {
		if (walk.notOurs > 0) {
			items.push({
				id: `walks.reassign.${walk.id}`,
				key: 'walks.todo.reassign',
				values: { count: walk.notOurs, title: walk.title },
				href: `/app/${municipality.slug}/trygghetsvandringar/${walk.id}`
			});
		}
	}
	return items;
};

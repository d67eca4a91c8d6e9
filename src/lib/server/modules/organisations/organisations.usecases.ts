import type { Db, DbOrTx } from '../../db/client';
import { isAdmin, type Actor } from '../../platform/authz';
import { requireAccess } from '../../platform/access';
import { codedValidationError, NotFoundError, type FieldCode } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/public';
import { isSuggestedPair, mergeSuggestions } from './merge-suggestions';
import { ORGANISATION_TYPES } from './organisations.models';
import {
	countMunicipalitiesOfOrganisation,
	findMunicipalitiesByIds,
	findMunicipalityBySlug,
	listMunicipalities,
	listOrganisationsOfMunicipality,
	mergeOrganisationRows,
	updateOrganisationRow,
	type MunicipalityRow
} from './organisations.repository';

/** The municipality behind a URL slug, or a 404 with a stable code. */
export async function getMunicipality(db: Db, slug: string): Promise<MunicipalityRow> {
	const municipality = await findMunicipalityBySlug(db, slug.toLowerCase());
	if (!municipality) throw new NotFoundError('organisations.municipality_not_found');
	return municipality;
}

export async function listMunicipalitiesFor(db: Db, actor: Actor): Promise<MunicipalityRow[]> {
	if (isAdmin(actor)) return listMunicipalities(db);
	const ids = [...new Set(actor.memberships.map((m) => m.municipalityId).filter((id): id is string => id !== null))];
	return findMunicipalitiesByIds(db, ids);
}

export async function listOrganisations(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'organisation.read', { municipalityId: options.municipalityId });
	return listOrganisationsOfMunicipality(options.db, options.municipalityId);
}

async function organisationOf(db: DbOrTx, municipalityId: string, organisationId: string) {
	const row = isUuid(organisationId) ? (await listOrganisationsOfMunicipality(db, municipalityId)).find((o) => o.id === organisationId) : undefined;
	if (!row) throw new NotFoundError('organisations.organisation_not_found');
	return row;
}

/** An organisation an import created from a name: the coordinator confirms it, with the right name and type. */
export async function confirmOrganisation(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	organisationId: string;
	name: string;
	type: string;
	ip: string | null;
}) {
	const { db, actor } = options;
	requireAccess(actor, 'organisation.edit', { municipalityId: options.municipalityId });
	const row = await organisationOf(db, options.municipalityId, options.organisationId);
	const name = options.name.trim();
	const errors: Record<string, FieldCode> = {};
	if (!name) errors.name = { code: 'organisations.name_missing' };
	else if (name.length > 200) errors.name = { code: 'organisations.name_too_long', params: { maximum: 200 } };
	if (!(ORGANISATION_TYPES as readonly string[]).includes(options.type)) errors.type = { code: 'organisations.type_missing' };
	if (Object.keys(errors).length) throw codedValidationError(errors);
	await db.transaction(async (tx) => {
		await updateOrganisationRow(tx, row.id, { name, type: options.type, needsConfirmation: false });
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'organisations.organisation.confirmed',
				entityType: 'organisation',
				entityId: row.id,
				municipalityId: options.municipalityId,
				organisationId: row.id,
				changes: { name: { before: row.name, after: name }, type: { before: row.type, after: options.type }, needsConfirmation: { before: true, after: false } }
			}
		);
	});
}

/**
 * An imported name that is really an organisation already there ("Polisen" for the local
 * police area): its measures, answers and members move over, and the duplicate goes away.
 * Only an unconfirmed organisation of this municipality alone can be merged away.
 */
export async function mergeOrganisation(options: { db: Db; actor: Actor; municipalityId: string; organisationId: string; intoId: string; ip: string | null }) {
	const { db, actor } = options;
	requireAccess(actor, 'organisation.edit', { municipalityId: options.municipalityId });
	const from = await organisationOf(db, options.municipalityId, options.organisationId);
	if (!isUuid(options.intoId) || options.intoId === from.id) throw codedValidationError({ intoId: { code: 'organisations.merge_target_missing' } });
	const into = await organisationOf(db, options.municipalityId, options.intoId);
	if (!from.needsConfirmation) throw codedValidationError({ intoId: { code: 'organisations.merge_only_unconfirmed' } });
	if ((await countMunicipalitiesOfOrganisation(db, from.id)) > 1) throw codedValidationError({ intoId: { code: 'organisations.merge_shared' } });
	await db.transaction(async (tx) => {
		await mergeOrganisationRows(tx, from.id, into.id);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'organisations.organisation.merged',
				entityType: 'organisation',
				entityId: into.id,
				municipalityId: options.municipalityId,
				organisationId: into.id,
				changes: { mergedFrom: { before: from.name, after: null }, into: { before: null, after: into.name } }
			}
		);
	});
}

/** Near-duplicates in the municipality's list ("Socialtjänst"/"Socialtjänsten") for the coordinator to merge or leave. */
export async function organisationMergeSuggestions(options: { db: Db; actor: Actor; municipalityId: string }) {
	requireAccess(options.actor, 'organisation.edit', { municipalityId: options.municipalityId });
	const organisations = await listOrganisationsOfMunicipality(options.db, options.municipalityId);
	return mergeSuggestions(organisations).map((s) => ({
		keep: { id: s.keep.id, name: s.keep.name, needsConfirmation: s.keep.needsConfirmation },
		merge: { id: s.merge.id, name: s.merge.name, needsConfirmation: s.merge.needsConfirmation },
		reason: s.reason
	}));
}

/**
 * Merges a suggested near-duplicate pair the way the person chose (which name to keep): every
 * reference (measures, answers, members …) moves to the kept organisation, the other goes away,
 * and the merge is audited. Only a pair the list suggests, and never an organisation other
 * municipalities share.
 */
export async function mergeSuggestedOrganisations(options: {
	db: Db;
	actor: Actor;
	municipalityId: string;
	keepId: string;
	mergeId: string;
	ip: string | null;
}) {
	const { db, actor } = options;
	requireAccess(actor, 'organisation.edit', { municipalityId: options.municipalityId });
	const keep = await organisationOf(db, options.municipalityId, options.keepId);
	const merge = await organisationOf(db, options.municipalityId, options.mergeId);
	const list = await listOrganisationsOfMunicipality(db, options.municipalityId);
	if (keep.id === merge.id || !isSuggestedPair(list, keep.id, merge.id)) throw codedValidationError({ keepId: { code: 'organisations.merge_not_suggested' } });
	if ((await countMunicipalitiesOfOrganisation(db, merge.id)) > 1) throw codedValidationError({ keepId: { code: 'organisations.merge_shared' } });
	await db.transaction(async (tx) => {
		await mergeOrganisationRows(tx, merge.id, keep.id);
		await recordAudit(
			tx,
			{ actor, ip: options.ip },
			{
				action: 'organisations.organisation.merged',
				entityType: 'organisation',
				entityId: keep.id,
				municipalityId: options.municipalityId,
				organisationId: keep.id,
				changes: {
					mergedFrom: { before: merge.name, after: null },
					into: { before: null, after: keep.name },
					suggested: { before: null, after: nearDuplicateReason(list, keep.id, merge.id) }
				}
			}
		);
	});
}

function nearDuplicateReason(list: Parameters<typeof mergeSuggestions>[0], a: string, b: string) {
	return mergeSuggestions(list).find((s) => (s.keep.id === a && s.merge.id === b) || (s.keep.id === b && s.merge.id === a))?.reason ?? null;
}

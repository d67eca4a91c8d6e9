import { z } from 'zod';
import type { Db } from '../../db/client';
import { decide, type Principal } from '../../platform/authz';
import { codedValidationError, ForbiddenError, NotFoundError, validationErrorFromIssues } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { recordAudit } from '../audit/public';
import { ORGANISATION_TYPES, slugify } from './organisations.models';
import {
	findMunicipalityById,
	findOrganisationById,
	findOrganisationBySlug,
	insertOrganisation,
	linkOrganisationToMunicipality,
	listOrganisationsOfMunicipality,
	municipalityIdsOfOrganisation,
	unlinkOrganisationFromMunicipality,
	updateOrganisationDetails,
	type OrganisationRow
} from './organisations.repository';

/** The police type: its organisation gets an overview (/app/omrade/{slug}) over the municipalities it serves. */
export const POLICE_AREA_TYPE = 'lokalpolisomrade';

const organisationSchema = z.object({
	name: z.string().trim().min(1, { message: 'organisations.name_missing' }).max(200, { message: 'organisations.name_too_long' }),
	type: z.enum(ORGANISATION_TYPES, { message: 'organisations.type_missing' })
});

/** The municipality's coordinator (or an admin) edits its organisations: one check for creating and editing. */
function requireOrganisationEdit(actor: Principal, municipalityId: string): void {
	const decision = decide(actor, 'organisation.edit', { municipalityId });
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

/** Linking an organisation to another municipality crosses municipalities: only the installation's admin. */
function requireInstallationAdmin(actor: Principal): void {
	const decision = decide(actor, 'installation.manage');
	if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

function parse(input: { name: string; type: string }) {
	const parsed = organisationSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	throw validationErrorFromIssues(parsed.error.issues);
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('sv') === b.trim().toLocaleLowerCase('sv');

/** A police area's overview slug: its name's, or with a number when that is taken. */
async function freeSlug(db: Db, name: string, own?: string): Promise<string> {
	const base = slugify(name) || 'omrade';
	for (let n = 1; ; n++) {
		const slug = n === 1 ? base : `${base}-${n}`;
		const taken = await findOrganisationBySlug(db, slug);
		if (!taken || taken.id === own) return slug;
	}
}

export async function createOrganisation(options: { db: Db; actor: Principal; municipalityId: string; name: string; type: string; ip?: string | null }) {
	const { db, actor } = options;
	requireOrganisationEdit(actor, options.municipalityId);
	const input = parse(options);
	const existing = await listOrganisationsOfMunicipality(db, options.municipalityId);
	if (existing.some((o) => sameName(o.name, input.name)))
		throw codedValidationError({ name: { code: 'organisations.name_taken', params: { name: input.name } } });
	const slug = input.type === POLICE_AREA_TYPE ? await freeSlug(db, input.name) : null;
	return db.transaction(async (tx) => {
		const row = await insertOrganisation(tx, { name: input.name, type: input.type, slug }, [options.municipalityId]);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.organisation.created',
				entityType: 'organisation',
				entityId: row.id,
				municipalityId: options.municipalityId,
				organisationId: row.id,
				changes: { name: { before: null, after: row.name }, type: { before: null, after: row.type } }
			}
		);
		return row;
	});
}

async function organisationIn(db: Db, municipalityId: string, organisationId: string): Promise<OrganisationRow> {
	const row = isUuid(organisationId) ? await findOrganisationById(db, organisationId) : undefined;
	if (!row || !(await municipalityIdsOfOrganisation(db, row.id)).includes(municipalityId)) {
		throw new NotFoundError('organisations.organisation_not_found');
	}
	return row;
}

export async function updateOrganisation(options: {
	db: Db;
	actor: Principal;
	municipalityId: string;
	organisationId: string;
	name: string;
	type: string;
	ip?: string | null;
}) {
	const { db, actor } = options;
	requireOrganisationEdit(actor, options.municipalityId);
	const row = await organisationIn(db, options.municipalityId, options.organisationId);
	const input = parse(options);
	const others = (await listOrganisationsOfMunicipality(db, options.municipalityId)).filter((o) => o.id !== row.id);
	if (others.some((o) => sameName(o.name, input.name)))
		throw codedValidationError({ name: { code: 'organisations.name_taken', params: { name: input.name } } });
	const slug = input.type === POLICE_AREA_TYPE ? (row.slug ?? (await freeSlug(db, input.name, row.id))) : null;
	await db.transaction(async (tx) => {
		await updateOrganisationDetails(tx, row.id, { name: input.name, type: input.type, slug });
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: 'organisations.organisation.updated',
				entityType: 'organisation',
				entityId: row.id,
				municipalityId: options.municipalityId,
				organisationId: row.id,
				changes: { name: { before: row.name, after: input.name }, type: { before: row.type, after: input.type } }
			}
		);
	});
}

/** Lets an organisation (a police area, a region) work in one more municipality, or one fewer. */
export async function linkOrganisation(options: {
	db: Db;
	actor: Principal;
	organisationId: string;
	municipalityId: string;
	linked: boolean;
	ip?: string | null;
}) {
	const { db, actor } = options;
	requireInstallationAdmin(actor);
	const row = isUuid(options.organisationId) ? await findOrganisationById(db, options.organisationId) : undefined;
	if (!row) throw new NotFoundError('organisations.organisation_not_found');
	const municipality = isUuid(options.municipalityId) ? await findMunicipalityById(db, options.municipalityId) : undefined;
	if (!municipality) throw codedValidationError({ municipalityId: { code: 'organisations.municipality_missing' } });
	const current = await municipalityIdsOfOrganisation(db, row.id);
	if (current.includes(municipality.id) === options.linked) return;
	if (!options.linked && current.length === 1) throw codedValidationError({ municipalityId: { code: 'organisations.needs_one_municipality' } });
	await db.transaction(async (tx) => {
		if (options.linked) await linkOrganisationToMunicipality(tx, row.id, municipality.id);
		else await unlinkOrganisationFromMunicipality(tx, row.id, municipality.id);
		await recordAudit(
			tx,
			{ actor, ip: options.ip ?? null },
			{
				action: options.linked ? 'organisations.organisation.linked' : 'organisations.organisation.unlinked',
				entityType: 'organisation',
				entityId: row.id,
				municipalityId: municipality.id,
				organisationId: row.id,
				changes: { municipality: { before: options.linked ? null : municipality.name, after: options.linked ? municipality.name : null } }
			}
		);
	});
}

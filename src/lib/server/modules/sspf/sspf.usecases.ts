import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { requireAccess } from '../../platform/access';
import { can, type Principal } from '../../platform/authz';
import { AppError, NotFoundError, codedValidationError, type FieldCode } from '../../platform/errors';
import { sniffFileType } from '../../platform/files/sniff';
import { personId } from '../../platform/permissions';
import { recordAudit } from '../audit/public';
import { blindIndex, decryptBytes, decryptField, encryptBytes, encryptField, newCaseKey, caseDataKey, type SspfKeyring } from './sspf.crypto';
import {
	BASIC_CATEGORY,
	CASE_STATUSES,
	READABLE_CATEGORIES,
	consentSchema,
	entrySchemas,
	latestConsentEnd,
	newCaseSchema,
	requiredSignatories,
	withdrawalSchema,
	type EntryKind
} from './sspf.models';
import { consentCoversPlace, type CaseCategory, type ConsentScope, type SspfScope } from './sspf.permissions';
import { findMemberships } from '../users/public';
import { ageOn, parsePersonnummer } from './personnummer';
import * as repo from './sspf.repository';
import type { CaseRow, ConsentRow } from './sspf.repository';

export interface SspfContext {
	db: Db;
	actor: Principal;
	keyring: SspfKeyring;
	ip?: string | null;
	/** YYYY-MM-DD; tests move it to see expiry. */
	today?: string;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);
const dayBefore = (iso: string) => {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() - 1);
	return date.toISOString().slice(0, 10);
};
const dayOf = (context: SspfContext) => context.today ?? todayIso();
const audit = (tx: DbOrTx, context: SspfContext) => ({ actor: context.actor, ip: context.ip ?? null });
/** Sensitive audit rows: which fields or categories, as booleans — never a value. */
const fieldsTouched = (fields: Iterable<string>, value = true) => Object.fromEntries([...fields].map((field) => [field, { before: null, after: value }]));

/** The fields of the case row sealed under its key (the young person, guardians, referral). */
const CASE_FIELDS = ['name', 'personnummer', 'guardians', 'referralFrom', 'referralReason'] as const;
type CaseField = (typeof CASE_FIELDS)[number];

/** The person's SSPF groups in the municipality (none for the installation itself). */
export async function sspfScopeOf(db: DbOrTx, actor: Principal, municipalityId: string): Promise<SspfScope> {
	if (actor.kind !== 'person') return { municipalityId, groups: [], sspfCoordinator: false };
	const places = await repo.groupPlacesOf(db, municipalityId, actor.userId);
	return {
		municipalityId,
		groups: places.map((p) => p.groupKind as 'styrgrupp' | 'beredningsgrupp'),
		sspfCoordinator: places.some((p) => p.coordinator)
	};
}

function consentScope(row: ConsentRow): ConsentScope {
	return {
		validFrom: row.validFrom,
		validTo: row.validTo,
		categories: row.categories,
		recipients: row.recipients.map((r) => ({ organisationId: r.organisationId, unit: r.unit ?? '' })),
		withdrawn: row.withdrawnAt !== null,
		withdrawnCategories: row.withdrawnCategories,
		withdrawnRecipients: row.withdrawnRecipients
	};
}

const UUID = /^[0-9a-f-]{36}$/i;

async function loadCase(db: DbOrTx, caseId: string): Promise<CaseRow> {
	const row = UUID.test(caseId) ? await repo.findCase(db, caseId) : null;
	if (!row) throw new NotFoundError('sspf.case_not_found');
	return row;
}

/** What the policy needs to decide on one category of one case, loaded fresh on every request. */
async function caseCategories(db: DbOrTx, row: CaseRow, today: string): Promise<(category: string) => CaseCategory> {
	const team = await repo.teamOf(db, row.id);
	const consents = (await repo.consentsOf(db, row.id)).map(consentScope);
	return (category) => ({
		municipalityId: row.municipalityId,
		resource: 'sspf_case',
		id: row.id,
		category,
		coordinatorId: row.coordinatorId,
		team: team.map((t) => ({ userId: t.userId, organisationId: t.organisationId, unit: t.unit })),
		consents,
		today
	});
}

function caseKey(context: SspfContext, row: CaseRow): Buffer {
	return caseDataKey(context.keyring, row.id);
}

function invalid(fields: Record<string, FieldCode>): never {
	throw codedValidationError(fields);
}

function parseOrInvalid<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'form')))];
		invalid(Object.fromEntries(fields.map((field) => [field, { code: 'sspf.field_invalid' }])));
	}
	return parsed.data;
}

// ——— Groups ———

export async function addGroupMember(
	context: SspfContext,
	input: { municipalityId: string; userId: string; groupKind: 'styrgrupp' | 'beredningsgrupp'; coordinator?: boolean }
) {
	requireAccess(context.actor, 'sspf.groups.manage', { municipalityId: input.municipalityId });
	await context.db.transaction(async (tx) => {
		const id = await repo.upsertGroupMember(tx, {
			municipalityId: input.municipalityId,
			userId: input.userId,
			groupKind: input.groupKind,
			coordinator: input.coordinator ?? false
		});
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.group_member.added',
			entityType: 'sspf_group_member',
			entityId: id,
			municipalityId: input.municipalityId,
			changes: {
				userId: { before: null, after: input.userId },
				[input.groupKind]: { before: null, after: true },
				coordinator: { before: null, after: input.coordinator ?? false }
			}
		});
	});
}

export async function listGroups(context: SspfContext, municipalityId: string) {
	requireAccess(context.actor, 'sspf.enter', await sspfScopeOf(context.db, context.actor, municipalityId));
	return repo.listGroupMembers(context.db, municipalityId);
}

// ——— Cases ———

/** The coordinator registers a young person referred to the SIG (12–20 on the day of referral). */
export async function createCase(
	context: SspfContext,
	municipalityId: string,
	input: unknown,
	coordinatorId?: string
): Promise<{ id: string; reference: string }> {
	requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, municipalityId));
	const data = parseOrInvalid(newCaseSchema, input);
	const pnr = parsePersonnummer(data.personnummer, dayOf(context));
	if (!pnr) invalid({ personnummer: { code: 'sspf.personnummer_invalid' } });
	const age = ageOn(pnr.birthDate, data.referredOn);
	if (age < 12 || age > 20) invalid({ personnummer: { code: 'sspf.age_out_of_range', params: { age } } });
	const id = randomUUID();
	const { dataKey, wrapped } = newCaseKey(context.keyring, id);
	const values: Record<CaseField, unknown> = {
		name: data.name,
		personnummer: pnr.normalised,
		guardians: data.guardians,
		referralFrom: data.referralFrom,
		referralReason: data.referralReason
	};
	const sealed = Object.fromEntries(CASE_FIELDS.map((field) => [field, encryptField(dataKey, id, field, values[field])]));
	// The key is stored before the case: a failed insert leaves an unused key, never a case without one.
	context.keyring.store.put(id, wrapped);
	return context.db.transaction(async (tx) => {
		const year = data.referredOn.slice(0, 4);
		const reference = `SIG-${year}-${String((await repo.countReferencesInYear(tx, municipalityId, year)) + 1).padStart(3, '0')}`;
		await repo.insertCase(tx, {
			id,
			municipalityId,
			reference,
			status: 'aktuell',
			coordinatorId: coordinatorId ?? personId(context.actor),
			referralSource: data.referralSource,
			referredOn: data.referredOn,
			wrappedKey: context.keyring.current.id,
			personnummerIndex: blindIndex(context.keyring, pnr.normalised),
			sealed
		});
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.created',
			entityType: 'sspf_case',
			entityId: id,
			municipalityId,
			changes: fieldsTouched(CASE_FIELDS)
		});
		return { id, reference };
	});
}

async function requireCaseManager(context: SspfContext, row: CaseRow) {
	requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, row.municipalityId));
	if (row.erasedAt) throw new AppError('sspf.case_erased', 409);
}

/**
 * Names a person to the case team with their organisation and, optionally, their unit in it (a consent
 * naming a unit lets only that unit's members read), or removes them.
 */
export async function setTeamMember(context: SspfContext, caseId: string, input: { userId: string; organisationId: string; unit?: string; remove?: boolean }) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	const unit = (input.unit ?? '').trim();
	if (unit.length > 200) invalid({ unit: { code: 'sspf.field_invalid' } });
	await context.db.transaction(async (tx) => {
		if (input.remove) await repo.removeTeamMember(tx, caseId, input.userId);
		else await repo.addTeamMember(tx, { caseId, userId: input.userId, organisationId: input.organisationId, unit });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.team.changed',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: {
				userId: { before: null, after: input.userId },
				organisationId: { before: null, after: input.organisationId },
				unit: { before: null, after: unit !== '' },
				member: { before: null, after: !input.remove }
			}
		});
	});
}

export async function setCaseStatus(context: SspfContext, caseId: string, status: string) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	if (!(CASE_STATUSES as readonly string[]).includes(status)) invalid({ status: { code: 'sspf.status_invalid' } });
	await context.db.transaction(async (tx) => {
		await repo.updateCase(tx, caseId, { status, closedOn: status === 'avslutad' ? dayOf(context) : null });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.status_changed',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: { [`status_${row.status}`]: { before: true, after: false }, [`status_${status}`]: { before: false, after: true } }
		});
	});
}

// ——— Consent ———

/**
 * Records a consent: the signatories the young person's age requires (on the day it starts), the
 * categories and recipients it names, at most twelve months, and the signed paper (PDF, JPEG or PNG
 * by its magic bytes). Renewing is recording a new consent that names the one it renews.
 */
export async function recordConsent(context: SspfContext, caseId: string, input: unknown, document?: Uint8Array | null): Promise<string> {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	const data = parseOrInvalid(consentSchema, input);
	if (data.validTo < data.validFrom || data.validTo > latestConsentEnd(data.validFrom)) invalid({ validTo: { code: 'sspf.consent_too_long' } });
	const dataKey = caseKey(context, row);
	const personnummer = decryptField<string>(dataKey, caseId, 'personnummer', row.sealed.personnummer!);
	const guardians = decryptField<{ name: string }[]>(dataKey, caseId, 'guardians', row.sealed.guardians!);
	const age = ageOn(parsePersonnummer(personnummer)!.birthDate, data.validFrom);
	const needed = requiredSignatories(age, guardians.length);
	const guardianSigners = data.signatories.filter((s) => s.role === 'vardnadshavare').length;
	const youngPersonSigned = data.signatories.some((s) => s.role === 'ungdomen');
	if (guardianSigners < needed.guardians || (needed.youngPerson && !youngPersonSigned) || (age >= 18 && guardianSigners > 0)) {
		invalid({
			signatories: {
				code: age >= 18 ? 'sspf.signatories_adult' : age >= 15 ? 'sspf.signatories_15' : 'sspf.signatories_child',
				params: { guardians: needed.guardians }
			}
		});
	}
	const renewed = data.renewsId ? await repo.findConsent(context.db, data.renewsId) : null;
	if (data.renewsId) {
		if (!renewed || renewed.caseId !== caseId) throw new NotFoundError('sspf.consent_not_found');
		if (renewed.withdrawnAt) invalid({ renewsId: { code: 'sspf.renewal_of_withdrawn' } });
		if (data.validFrom <= renewed.validFrom) invalid({ validFrom: { code: 'sspf.renewal_starts_after', params: { from: renewed.validFrom } } });
	}
	let documentType: string | null = null;
	if (document && document.length > 0) {
		documentType = sniffFileType(document);
		if (documentType !== 'pdf' && documentType !== 'jpeg' && documentType !== 'png') invalid({ document: { code: 'sspf.document_type' } });
	}
	return context.db.transaction(async (tx) => {
		const consentId = await repo.insertConsent(tx, {
			caseId,
			validFrom: data.validFrom,
			validTo: data.validTo,
			categories: data.categories,
			recipients: data.recipients,
			signatoriesSealed: encryptField(dataKey, caseId, 'consent.signatories', data.signatories),
			documentSealed: document && documentType ? encryptBytes(dataKey, caseId, 'consent.document', document) : null,
			documentType,
			renewsId: data.renewsId ?? null,
			createdBy: personId(context.actor)
		});
		// The renewal replaces the consent it renews: that one ends the day before the new period starts.
		if (renewed && renewed.validTo >= data.validFrom) await repo.updateConsent(tx, renewed.id, { validTo: dayBefore(data.validFrom) });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.consent.recorded',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: {
				consentId: { before: null, after: consentId },
				...(renewed ? { renewsId: { before: null, after: renewed.id } } : {}),
				...fieldsTouched(data.categories),
				document: { before: null, after: documentType !== null }
			}
		});
		return consentId;
	});
}

/** Withdraws the whole consent, or some of its categories or recipients: the next request is decided without them. */
export async function withdrawConsent(context: SspfContext, consentId: string, input: unknown) {
	const consent = UUID.test(consentId) ? await repo.findConsent(context.db, consentId) : null;
	if (!consent) throw new NotFoundError('sspf.consent_not_found');
	const row = await loadCase(context.db, consent.caseId);
	await requireCaseManager(context, row);
	const data = parseOrInvalid(withdrawalSchema, input);
	await context.db.transaction(async (tx) => {
		if ('whole' in data) await repo.updateConsent(tx, consentId, { withdrawnAt: new Date() });
		else
			await repo.updateConsent(tx, consentId, {
				withdrawnCategories: [...new Set([...consent.withdrawnCategories, ...data.categories])],
				withdrawnRecipients: [...new Set([...consent.withdrawnRecipients, ...data.recipients])]
			});
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.consent.withdrawn',
			entityType: 'sspf_case',
			entityId: row.id,
			municipalityId: row.municipalityId,
			changes:
				'whole' in data
					? { consentId: { before: null, after: consentId }, whole: { before: false, after: true } }
					: {
							consentId: { before: null, after: consentId },
							...fieldsTouched(data.categories),
							...Object.fromEntries(data.recipients.map((r) => [`recipient_${r}`, { before: true, after: false }]))
						}
		});
	});
}

/** The scanned consent form, for the coordinator. */
export async function consentDocument(context: SspfContext, consentId: string): Promise<{ bytes: Buffer; type: string }> {
	const consent = UUID.test(consentId) ? await repo.findConsent(context.db, consentId) : null;
	if (!consent?.documentSealed || !consent.documentType) throw new NotFoundError('sspf.consent_not_found');
	const row = await loadCase(context.db, consent.caseId);
	await requireCaseManager(context, row);
	const bytes = decryptBytes(caseKey(context, row), row.id, 'consent.document', consent.documentSealed);
	await context.db.transaction((tx) =>
		recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.read',
			entityType: 'sspf_case',
			entityId: row.id,
			municipalityId: row.municipalityId,
			changes: { consentDocument: { before: null, after: consentId } }
		})
	);
	return { bytes, type: consent.documentType };
}

// ——— Reading ———

export interface Signpost {
	kind: 'signpost';
	id: string;
	reference: string;
	status: string;
	coordinator: { name: string; email: string } | null;
}

export interface CaseView {
	kind: 'case';
	id: string;
	reference: string;
	status: string;
	referralSource: string;
	referredOn: string;
	closedOn: string | null;
	coordinator: { name: string; email: string } | null;
	isCoordinator: boolean;
	youngPerson: { name: string; personnummer: string; birthDate: string; age: number; gender: string };
	guardians: { name: string; phone: string }[];
	referral: { from: string; reason: string };
	/** The categories this reader may see now, and those they may not (with the policy's reason). */
	readable: string[];
	refused: { category: string; reason: string }[];
	team: { userId: string; name: string; email: string; organisation: string; organisationId: string; unit: string }[];
	consents: {
		id: string;
		validFrom: string;
		validTo: string;
		categories: string[];
		recipients: { organisationId: string; name: string; unit: string }[];
		withdrawn: boolean;
		withdrawnCategories: string[];
		withdrawnRecipients: string[];
		hasDocument: boolean;
		signatories: { role: string; name: string }[] | null;
	}[];
	entries: {
		id: string;
		kind: EntryKind;
		category: string;
		occurredOn: string;
		dueOn: string | null;
		doneOn: string | null;
		ownerOrganisationId: string | null;
		meetingId: string | null;
		data: Record<string, unknown>;
	}[];
	planLeadOrganisationId: string | null;
	planLeadOrganisation: string | null;
}

/**
 * One case as this reader may see it, decided on this request with the consent as it stands now:
 * the categories the consent lets them read, or — when it lets them read nothing — only that the
 * case exists and whom to contact ("search and signpost"). Every read is audited: who, which case,
 * which categories were shown and which refused.
 */
export async function readCase(context: SspfContext, caseId: string): Promise<CaseView | Signpost> {
	const row = await loadCase(context.db, caseId);
	requireAccess(context.actor, 'sspf.case.signpost', await sspfScopeOf(context.db, context.actor, row.municipalityId));
	if (row.erasedAt) throw new NotFoundError('sspf.case_not_found');
	const today = dayOf(context);
	const describe = await caseCategories(context.db, row, today);
	const decisions = READABLE_CATEGORIES.map((category) => ({ category, decision: can(context.actor, 'sspf.case.field.read', describe(category)) }));
	const readable = decisions.filter((d) => d.decision.allowed).map((d) => d.category as string);
	const coordinator = await repo.userContact(context.db, row.coordinatorId);
	await context.db.transaction((tx) =>
		recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.read',
			entityType: 'sspf_case',
			entityId: row.id,
			municipalityId: row.municipalityId,
			changes: Object.fromEntries(decisions.map((d) => [d.category, { before: null, after: d.decision.allowed }]))
		})
	);
	if (!readable.includes(BASIC_CATEGORY)) return { kind: 'signpost', id: row.id, reference: row.reference, status: row.status, coordinator };
	const dataKey = caseKey(context, row);
	const field = <T>(name: CaseField) => decryptField<T>(dataKey, row.id, name, row.sealed[name]!);
	const pnr = parsePersonnummer(field<string>('personnummer'))!;
	const isCoordinator = context.actor.kind === 'person' && row.coordinatorId === context.actor.userId;
	const team = await repo.teamOf(context.db, row.id);
	const consentRows = await repo.consentsOf(context.db, row.id);
	const names = await repo.organisationNames(context.db, [
		...new Set([...consentRows.flatMap((c) => c.recipients.map((r) => r.organisationId)), ...(row.planLeadOrganisationId ? [row.planLeadOrganisationId] : [])])
	]);
	const entries = (await repo.entriesOf(context.db, row.id)).filter((entry) => readable.includes(entry.category));
	return {
		kind: 'case',
		id: row.id,
		reference: row.reference,
		status: row.status,
		referralSource: row.referralSource,
		referredOn: row.referredOn,
		closedOn: row.closedOn,
		coordinator,
		isCoordinator,
		youngPerson: { name: field<string>('name'), personnummer: pnr.normalised, birthDate: pnr.birthDate, age: ageOn(pnr.birthDate, today), gender: pnr.gender },
		guardians: field<{ name: string; phone: string }[]>('guardians'),
		referral: { from: field<string>('referralFrom'), reason: field<string>('referralReason') },
		readable,
		refused: decisions.filter((d) => !d.decision.allowed).map((d) => ({ category: d.category, reason: d.decision.reason })),
		team: team.map((t) => ({ userId: t.userId, name: t.name, email: t.email, organisation: t.organisation, organisationId: t.organisationId, unit: t.unit })),
		consents: consentRows.map((c) => ({
			id: c.id,
			validFrom: c.validFrom,
			validTo: c.validTo,
			categories: c.categories,
			recipients: c.recipients.map((r) => ({ ...r, name: names.get(r.organisationId) ?? '' })),
			withdrawn: c.withdrawnAt !== null,
			withdrawnCategories: c.withdrawnCategories,
			withdrawnRecipients: c.withdrawnRecipients,
			hasDocument: c.documentSealed !== null,
			signatories: isCoordinator ? decryptField<{ role: string; name: string }[]>(dataKey, row.id, 'consent.signatories', c.signatoriesSealed) : null
		})),
		entries: entries.map((entry) => ({
			id: entry.id,
			kind: entry.kind as EntryKind,
			category: entry.category,
			occurredOn: entry.occurredOn,
			dueOn: entry.dueOn,
			doneOn: entry.doneOn,
			ownerOrganisationId: entry.ownerOrganisationId,
			meetingId: entry.meetingId,
			data: decryptField<Record<string, unknown>>(dataKey, row.id, `entry:${entry.id}`, entry.sealed)
		})),
		planLeadOrganisationId: row.planLeadOrganisationId,
		planLeadOrganisation: row.planLeadOrganisationId ? (names.get(row.planLeadOrganisationId) ?? null) : null
	};
}

/**
 * The cases this person may know of: the coordinator's all, a team member's own (as signposts until
 * they open them, where the consent is decided). Nobody else gets a list: they search by number.
 */
export async function listCases(context: SspfContext, municipalityId: string) {
	const scope = await sspfScopeOf(context.db, context.actor, municipalityId);
	requireAccess(context.actor, 'sspf.enter', scope);
	const all = await repo.listCasesOfMunicipality(context.db, municipalityId);
	const mine = context.actor.kind === 'person' ? new Set(await repo.casesInTeamOf(context.db, context.actor.userId)) : new Set<string>();
	const visible = scope.sspfCoordinator
		? all
		: all.filter((row) => mine.has(row.id) || (context.actor.kind === 'person' && row.coordinatorId === context.actor.userId));
	return visible.map((row) => ({
		id: row.id,
		reference: row.reference,
		status: row.status,
		referredOn: row.referredOn,
		closedOn: row.closedOn,
		erased: row.erasedAt !== null
	}));
}

/** "Search and signpost": staff who enter a personal identity number learn whether a case exists and whom to contact — nothing else. */
export async function searchByPersonnummer(context: SspfContext, municipalityId: string, personnummer: string): Promise<Signpost[]> {
	requireAccess(context.actor, 'sspf.case.signpost', await sspfScopeOf(context.db, context.actor, municipalityId));
	const pnr = parsePersonnummer(personnummer, dayOf(context));
	if (!pnr) invalid({ personnummer: { code: 'sspf.personnummer_invalid' } });
	const rows = await repo.casesByPersonnummerIndex(context.db, municipalityId, blindIndex(context.keyring, pnr.normalised));
	await context.db.transaction((tx) =>
		recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.searched',
			entityType: 'sspf_search',
			municipalityId,
			changes: { found: { before: null, after: rows.length > 0 }, ...Object.fromEntries(rows.map((r) => [`case_${r.id}`, { before: null, after: r.id }])) }
		})
	);
	return Promise.all(
		rows.map(async (row) => ({
			kind: 'signpost' as const,
			id: row.id,
			reference: row.reference,
			status: row.status,
			coordinator: await repo.userContact(context.db, row.coordinatorId)
		}))
	);
}

// ——— The work ———

/**
 * Adds an assessment, instrument summary, plan goal, action, follow-up or meeting note to a category of
 * the case; the writer needs the same consent as a reader of that category (the coordinator writes
 * `grund`: goals and meeting notes).
 */
export async function addEntry(
	context: SspfContext,
	caseId: string,
	input: {
		kind: EntryKind;
		category: string;
		occurredOn: string;
		data: unknown;
		dueOn?: string | null;
		ownerOrganisationId?: string | null;
		ownerUserId?: string | null;
		meetingId?: string | null;
	}
): Promise<string> {
	const row = await loadCase(context.db, caseId);
	if (row.erasedAt) throw new AppError('sspf.case_erased', 409);
	if (!(READABLE_CATEGORIES as readonly string[]).includes(input.category)) invalid({ category: { code: 'sspf.category_invalid' } });
	const describe = await caseCategories(context.db, row, dayOf(context));
	requireAccess(context.actor, 'sspf.case.field.write', describe(input.category));
	const schema = entrySchemas[input.kind];
	if (!schema) invalid({ kind: { code: 'sspf.field_invalid' } });
	const data = parseOrInvalid(schema as z.ZodType, input.data);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn)) invalid({ occurredOn: { code: 'sspf.date_invalid' } });
	if (input.kind === 'action' && (!input.dueOn || !input.ownerOrganisationId)) invalid({ dueOn: { code: 'sspf.action_needs_owner' } });
	if (input.dueOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) invalid({ dueOn: { code: 'sspf.date_invalid' } });
	if (input.ownerOrganisationId && !UUID.test(input.ownerOrganisationId)) invalid({ ownerOrganisationId: { code: 'sspf.field_invalid' } });
	const dataKey = caseKey(context, row);
	const id = randomUUID();
	await context.db.transaction(async (tx) => {
		await repo.insertEntry(tx, {
			id,
			caseId,
			kind: input.kind,
			category: input.category,
			sealed: encryptField(dataKey, caseId, `entry:${id}`, data),
			occurredOn: input.occurredOn,
			dueOn: input.dueOn ?? null,
			ownerOrganisationId: input.ownerOrganisationId ?? null,
			ownerUserId: input.ownerUserId ?? null,
			meetingId: input.meetingId ?? null,
			createdBy: personId(context.actor)
		});
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.entry.added',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: { entryId: { before: null, after: id }, [input.kind]: { before: null, after: true }, [input.category]: { before: null, after: true } }
		});
	});
	return id;
}

/** Marks an action done (or not) — its owner organisation's team members, or the coordinator. */
export async function setActionDone(context: SspfContext, entryId: string, doneOn: string | null) {
	const entry = UUID.test(entryId) ? await repo.findEntry(context.db, entryId) : null;
	if (!entry || entry.kind !== 'action') throw new NotFoundError('sspf.entry_not_found');
	const row = await loadCase(context.db, entry.caseId);
	const describe = await caseCategories(context.db, row, dayOf(context));
	requireAccess(context.actor, 'sspf.case.field.write', describe(entry.category));
	await context.db.transaction(async (tx) => {
		await repo.updateEntry(tx, entryId, { doneOn });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.entry.updated',
			entityType: 'sspf_case',
			entityId: row.id,
			municipalityId: row.municipalityId,
			changes: { entryId: { before: null, after: entryId }, done: { before: entry.doneOn !== null, after: doneOn !== null } }
		});
	});
}

/** The organisation with overall responsibility for the individual plan. */
export async function setPlanLead(context: SspfContext, caseId: string, organisationId: string) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	if (!UUID.test(organisationId)) invalid({ organisationId: { code: 'sspf.field_invalid' } });
	await context.db.transaction(async (tx) => {
		await repo.updateCase(tx, caseId, { planLeadOrganisationId: organisationId });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.rectified',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: { planLeadOrganisationId: { before: row.planLeadOrganisationId, after: organisationId } }
		});
	});
}

// ——— Rights of the person ———

/** Rectification (GDPR art. 16): the field's new value; the old one stays in the history, sealed under the same key. */
export async function rectifyCaseField(context: SspfContext, caseId: string, field: string, value: unknown, reason: string) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	if (!(CASE_FIELDS as readonly string[]).includes(field) || field === 'personnummer') invalid({ field: { code: 'sspf.field_not_rectifiable' } });
	if (reason.trim().length < 2) invalid({ reason: { code: 'sspf.reason_required' } });
	const parsed = (field === 'guardians' ? newCaseSchema.shape.guardians : newCaseSchema.shape.name.max(4000)).safeParse(value);
	if (!parsed.success) invalid({ value: { code: 'sspf.field_invalid' } });
	const checked = parsed.data;
	const dataKey = caseKey(context, row);
	await context.db.transaction(async (tx) => {
		await repo.insertFieldHistory(tx, {
			caseId,
			field,
			sealedBefore: row.sealed[field]!,
			reasonSealed: encryptField(dataKey, caseId, `history:${field}`, reason.trim()),
			changedBy: personId(context.actor)
		});
		await repo.updateCase(tx, caseId, { sealed: { ...row.sealed, [field]: encryptField(dataKey, caseId, field, checked) } });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.rectified',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: { [field]: { before: true, after: true } }
		});
	});
}

export async function rectificationHistory(context: SspfContext, caseId: string) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	const dataKey = caseKey(context, row);
	return (await repo.fieldHistoryOf(context.db, caseId)).map((h) => ({
		field: h.field,
		before: decryptField(dataKey, caseId, h.field, h.sealedBefore),
		reason: decryptField<string>(dataKey, caseId, `history:${h.field}`, h.reasonSealed),
		changedAt: h.changedAt.toISOString()
	}));
}

/** Who read or changed the case, for its coordinator: references and categories only. */
export async function caseAccessLog(context: SspfContext, caseId: string, period?: { from: string; to: string }) {
	const row = await loadCase(context.db, caseId);
	requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, row.municipalityId));
	const rows = await repo.auditRowsOfCase(context.db, caseId, period?.from, period?.to);
	return rows.map((r) => ({
		at: r.at,
		who: r.userEmail,
		action: r.action,
		shown: Object.entries(r.changes ?? {})
			.filter(([, change]) => change.after === true)
			.map(([field]) => field),
		refused: Object.entries(r.changes ?? {})
			.filter(([, change]) => change.after === false)
			.map(([field]) => field)
	}));
}

/** The monthly access report of a case: each reader, how often, which categories (month as YYYY-MM). */
export async function monthlyAccessReport(context: SspfContext, caseId: string, month: string) {
	const from = `${month}-01`;
	const next = new Date(`${from}T00:00:00Z`);
	next.setUTCMonth(next.getUTCMonth() + 1);
	const log = await caseAccessLog(context, caseId, { from, to: next.toISOString().slice(0, 10) });
	const readers = new Map<string, { who: string; reads: number; categories: Set<string> }>();
	for (const entry of log.filter((l) => l.action === 'sspf.case.read')) {
		const reader = readers.get(entry.who ?? '') ?? { who: entry.who ?? '', reads: 0, categories: new Set<string>() };
		reader.reads += 1;
		for (const category of entry.shown) reader.categories.add(category);
		readers.set(reader.who, reader);
	}
	return [...readers.values()].map((r) => ({ who: r.who, reads: r.reads, categories: [...r.categories].sort() })).sort((a, b) => a.who.localeCompare(b.who));
}

/** Everything stored about the young person in this case (GDPR art. 15), as data; the route renders JSON or PDF. */
export async function subjectAccessExtract(context: SspfContext, caseId: string) {
	const row = await loadCase(context.db, caseId);
	await requireCaseManager(context, row);
	const dataKey = caseKey(context, row);
	const field = <T>(name: CaseField) => decryptField<T>(dataKey, row.id, name, row.sealed[name]!);
	const consents = await repo.consentsOf(context.db, caseId);
	const entries = await repo.entriesOf(context.db, caseId);
	const extract = {
		producedAt: new Date().toISOString(),
		case: { reference: row.reference, status: row.status, referredOn: row.referredOn, closedOn: row.closedOn, referralSource: row.referralSource },
		youngPerson: { name: field<string>('name'), personnummer: field<string>('personnummer') },
		guardians: field<unknown>('guardians'),
		referral: { from: field<string>('referralFrom'), reason: field<string>('referralReason') },
		team: (await repo.teamOf(context.db, caseId)).map((t) => ({ name: t.name, organisation: t.organisation })),
		consents: consents.map((c) => ({
			validFrom: c.validFrom,
			validTo: c.validTo,
			categories: c.categories,
			recipients: c.recipients,
			signatories: decryptField(dataKey, caseId, 'consent.signatories', c.signatoriesSealed),
			withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
			withdrawnCategories: c.withdrawnCategories,
			withdrawnRecipients: c.withdrawnRecipients
		})),
		entries: entries.map((e) => ({
			kind: e.kind,
			category: e.category,
			occurredOn: e.occurredOn,
			dueOn: e.dueOn,
			doneOn: e.doneOn,
			data: decryptField(dataKey, caseId, `entry:${e.id}`, e.sealed)
		})),
		rectifications: await rectificationHistory(context, caseId),
		accessLog: await caseAccessLog(context, caseId)
	};
	await context.db.transaction((tx) =>
		recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.extracted',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: fieldsTouched(['extract'])
		})
	);
	return extract;
}

/**
 * Erasure by crypto-shredding: the case's wrapped key is destroyed (so every copy of its ciphertext,
 * in backups and exports too, stays unreadable) and its rows deleted; the case row remains as the
 * record that a case existed and was erased, with no personal data.
 */
export async function eraseCase(context: SspfContext, caseId: string, reason: 'request' | 'retention') {
	const row = await loadCase(context.db, caseId);
	if (row.erasedAt) return;
	if (reason === 'retention') requireAccess(context.actor, 'sspf.retention.erase', { municipalityId: row.municipalityId });
	else requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, row.municipalityId));
	await context.db.transaction(async (tx) => {
		await repo.shredCase(tx, caseId, reason);
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.case.erased',
			entityType: 'sspf_case',
			entityId: caseId,
			municipalityId: row.municipalityId,
			changes: { key: { before: true, after: false }, [`reason_${reason}`]: { before: null, after: true } }
		});
	});
	// After the commit: were the transaction to fail, the case would keep a key it still needs.
	context.keyring.store.destroy(caseId);
}

export { caseKey, dayOf };

// ——— The beredningsgrupp's meetings ———

/**
 * Where an attendee sits for a case's consent: their place in its team (organisation and unit), else
 * their organisation in the municipality as a whole (no unit).
 */
async function placeOf(db: DbOrTx, caseId: string, userId: string, municipalityId: string) {
	const inTeam = (await repo.teamOf(db, caseId)).find((t) => t.userId === userId);
	if (inTeam) return { organisationId: inTeam.organisationId, unit: inTeam.unit };
	const membership = (await findMemberships(db, userId)).find((m) => m.municipalityId === municipalityId);
	return membership?.organisationId ? { organisationId: membership.organisationId, unit: '' } : null;
}

/**
 * The coordinator calls a beredningsgrupp meeting: its date, who attends (members of the
 * beredningsgrupp or the SSPF coordinator) and the cases on its agenda — only cases whose consent, on
 * the meeting's day, names every attendee's organisation (and unit, where it names one).
 */
export async function createMeeting(
	context: SspfContext,
	municipalityId: string,
	input: { meetsOn: string; caseIds: string[]; attendees?: string[] }
): Promise<string> {
	requireAccess(context.actor, 'sspf.meeting.manage', await sspfScopeOf(context.db, context.actor, municipalityId));
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.meetsOn)) invalid({ meetsOn: { code: 'sspf.date_invalid' } });
	const attendees = [...new Set(input.attendees ?? [])];
	const members = await repo.listGroupMembers(context.db, municipalityId);
	for (const userId of attendees)
		if (!members.some((m) => m.userId === userId && (m.groupKind === 'beredningsgrupp' || m.coordinator)))
			invalid({ attendees: { code: 'sspf.attendee_not_member' } });
	const caseIds = [...new Set(input.caseIds)];
	const uncovered: string[] = [];
	for (const caseId of caseIds) {
		const row = await loadCase(context.db, caseId);
		if (row.municipalityId !== municipalityId || row.erasedAt) throw new NotFoundError('sspf.case_not_found');
		const consents = (await repo.consentsOf(context.db, caseId)).map(consentScope);
		for (const userId of attendees) {
			const place = await placeOf(context.db, caseId, userId, municipalityId);
			if (!place || !consentCoversPlace(consents, place, input.meetsOn)) {
				uncovered.push(row.reference);
				break;
			}
		}
	}
	if (uncovered.length) invalid({ caseIds: { code: 'sspf.case_not_covered_for_attendees', params: { references: uncovered.join(', ') } } });
	return context.db.transaction(async (tx) => {
		const id = await repo.insertMeeting(tx, { municipalityId, meetsOn: input.meetsOn, caseIds, attendees, createdBy: personId(context.actor) });
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.meeting.created',
			entityType: 'sspf_meeting',
			entityId: id,
			municipalityId,
			changes: {
				...Object.fromEntries(caseIds.map((caseId) => [`case_${caseId}`, { before: null, after: caseId }])),
				...Object.fromEntries(attendees.map((userId) => [`attendee_${userId}`, { before: null, after: userId }]))
			}
		});
		return id;
	});
}

/** The beredningsgrupp's meetings, for its members: the date and who attends, never which cases. */
export async function listMeetings(context: SspfContext, municipalityId: string) {
	requireAccess(context.actor, 'sspf.meeting.read', await sspfScopeOf(context.db, context.actor, municipalityId));
	const members = await repo.listGroupMembers(context.db, municipalityId);
	const nameOf = new Map(members.map((m) => [m.userId, m.name]));
	return (await repo.meetingsOf(context.db, municipalityId)).map((m) => ({
		id: m.id,
		meetsOn: m.meetsOn,
		attendees: m.attendees.map((userId) => nameOf.get(userId) ?? '–').sort((a, b) => a.localeCompare(b, 'sv'))
	}));
}

/**
 * The cases the coordinator may put on a meeting's agenda with these attendees on that day: those
 * whose consent covers every attendee (the form offers only these).
 */
export async function casesForMeeting(context: SspfContext, municipalityId: string, meetsOn: string, attendees: string[]) {
	requireAccess(context.actor, 'sspf.meeting.manage', await sspfScopeOf(context.db, context.actor, municipalityId));
	const out: { id: string; reference: string }[] = [];
	for (const row of await repo.listCasesOfMunicipality(context.db, municipalityId)) {
		if (row.erasedAt || row.status === 'avslutad') continue;
		const consents = (await repo.consentsOf(context.db, row.id)).map(consentScope);
		let covered = true;
		for (const userId of attendees) {
			const place = await placeOf(context.db, row.id, userId, municipalityId);
			if (!place || !consentCoversPlace(consents, place, meetsOn)) covered = false;
		}
		if (covered) out.push({ id: row.id, reference: row.reference });
	}
	return out;
}

/**
 * A meeting's agenda as this member may see it: only the cases whose basic record the consent lets
 * them read (the coordinator: all), each with its notes from this meeting; the rest are left out,
 * not even counted. Each case shown is a read, audited like any other.
 */
export async function meetingAgenda(context: SspfContext, meetingId: string) {
	const meeting = UUID.test(meetingId) ? await repo.findMeeting(context.db, meetingId) : null;
	if (!meeting) throw new NotFoundError('sspf.meeting_not_found');
	requireAccess(context.actor, 'sspf.meeting.read', await sspfScopeOf(context.db, context.actor, meeting.municipalityId));
	const items = [];
	for (const caseId of meeting.caseIds) {
		const row = await repo.findCase(context.db, caseId);
		if (!row || row.erasedAt) continue;
		const describe = await caseCategories(context.db, row, dayOf(context));
		if (!can(context.actor, 'sspf.case.field.read', describe(BASIC_CATEGORY)).allowed) continue;
		const view = await readCase(context, caseId);
		if (view.kind !== 'case') continue;
		items.push({
			caseId,
			reference: view.reference,
			name: view.youngPerson.name,
			notes: view.entries.filter((e) => e.kind === 'meeting_note' && e.meetingId === meeting.id).map((e) => e.data.minutes as string)
		});
	}
	const nameOf = new Map((await repo.listGroupMembers(context.db, meeting.municipalityId)).map((m) => [m.userId, m.name]));
	return {
		id: meeting.id,
		meetsOn: meeting.meetsOn,
		attendees: meeting.attendees.map((userId) => nameOf.get(userId) ?? '–').sort((a, b) => a.localeCompare(b, 'sv')),
		items
	};
}

/** The minutes of one case at a meeting, kept with the case (sealed under its key, erased with it). */
export async function addMeetingMinutes(context: SspfContext, meetingId: string, caseId: string, minutes: string) {
	const meeting = UUID.test(meetingId) ? await repo.findMeeting(context.db, meetingId) : null;
	if (!meeting || !meeting.caseIds.includes(caseId)) throw new NotFoundError('sspf.meeting_not_found');
	requireAccess(context.actor, 'sspf.meeting.manage', await sspfScopeOf(context.db, context.actor, meeting.municipalityId));
	return addEntry(context, caseId, { kind: 'meeting_note', category: BASIC_CATEGORY, occurredOn: meeting.meetsOn, data: { minutes }, meetingId });
}

// ——— Groups and settings ———

/** Takes a person out of the styrgrupp or the beredningsgrupp (the coordinator role goes with the place). */
export async function removeGroupMember(context: SspfContext, municipalityId: string, memberId: string) {
	requireAccess(context.actor, 'sspf.groups.manage', { municipalityId });
	const member = (await repo.listGroupMembers(context.db, municipalityId)).find((m) => m.id === memberId);
	if (!member) throw new NotFoundError('sspf.member_not_found');
	await context.db.transaction(async (tx) => {
		await repo.deleteGroupMember(tx, municipalityId, memberId);
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.group_member.removed',
			entityType: 'sspf_group_member',
			entityId: memberId,
			municipalityId,
			changes: { userId: { before: member.userId, after: null }, [member.groupKind]: { before: true, after: false } }
		});
	});
}

/** How many months after closing a municipality keeps its closed cases (default 24). */
export async function retentionSetting(context: SspfContext, municipalityId: string): Promise<number> {
	requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, municipalityId));
	return repo.retentionMonthsOf(context.db, municipalityId);
}

/** The municipality's decision on retention: 1–120 months after a case is closed; the hourly job erases after it. */
export async function setRetentionSetting(context: SspfContext, municipalityId: string, months: unknown) {
	requireAccess(context.actor, 'sspf.case.manage', await sspfScopeOf(context.db, context.actor, municipalityId));
	const value = typeof months === 'number' ? months : Number(String(months ?? '').trim() || NaN);
	if (!Number.isInteger(value) || value < 1 || value > 120) invalid({ retentionMonths: { code: 'sspf.retention_invalid' } });
	const before = await repo.retentionMonthsOf(context.db, municipalityId);
	await context.db.transaction(async (tx) => {
		await repo.setRetentionMonths(tx, municipalityId, value);
		await recordAudit(tx, audit(tx, context), {
			action: 'sspf.settings.changed',
			entityType: 'sspf_settings',
			entityId: municipalityId,
			municipalityId,
			changes: { [`retention_${before}`]: { before: true, after: false }, [`retention_${value}`]: { before: false, after: true } }
		});
	});
}

/**
 * Before a municipality is deleted (inside its deletion's transaction): the ids of its cases that
 * still have a key, and the work that destroys those keys in the key store once the deletion has
 * committed — the key store is outside the database, so the rows' cascade does not reach it.
 */
export async function municipalityKeyDestruction(db: DbOrTx, municipalityId: string, keyring: () => SspfKeyring): Promise<(() => void) | undefined> {
	const ids = (await repo.listCasesOfMunicipality(db, municipalityId)).map((row) => row.id);
	if (ids.length === 0) return undefined;
	return () => {
		const store = keyring().store;
		for (const id of ids) store.destroy(id);
	};
}

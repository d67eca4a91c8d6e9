import { SETUP, allow, coordinator, definePermissions, deny, member, rolesIn, type Actor, type Decision, type Resource } from '../../platform/permissions';

/** A person's SSPF groups in one municipality, as the use case loaded them. */
export interface SspfScope extends Resource {
	municipalityId: string;
	groups: readonly ('styrgrupp' | 'beredningsgrupp')[];
	/** The SSPF coordinator (explicit, not the same as the BRÅ coordinator role). */
	sspfCoordinator: boolean;
}

/** One consent as the policy reads it: withdrawals already applied by the loader are not assumed. */
export interface ConsentScope {
	validFrom: string;
	validTo: string;
	categories: readonly string[];
	/** The organisations named, each for the whole organisation (`unit` '') or for one unit of it. */
	recipients: readonly { organisationId: string; unit: string }[];
	withdrawn: boolean;
	withdrawnCategories: readonly string[];
	withdrawnRecipients: readonly string[];
}

/** "May this person read (or write) category X of case Y?" — asked with the case's team and every consent of it. */
export interface CaseCategory extends Resource {
	municipalityId: string;
	resource: 'sspf_case';
	id: string;
	/** `grund` (the young person, guardians, referral) or an information category. */
	category: string;
	coordinatorId: string | null;
	/** The team, each member with their organisation and unit within it ('' for none). */
	team: readonly { userId: string; organisationId: string; unit?: string }[];
	consents: readonly ConsentScope[];
	today: string;
}

/** Units are compared as people type them: case and surrounding spaces do not matter. */
export const sameUnit = (a: string, b: string) => a.trim().toLocaleLowerCase('sv') === b.trim().toLocaleLowerCase('sv');

/**
 * Whether a recipient of a consent names this place: the organisation, and — when the recipient is a
 * unit of it — the member's own unit. A recipient for the whole organisation names every unit of it.
 */
export function recipientNames(recipient: { organisationId: string; unit: string }, place: { organisationId: string; unit: string }): boolean {
	if (recipient.organisationId !== place.organisationId) return false;
	return recipient.unit.trim() === '' || sameUnit(recipient.unit, place.unit);
}

/**
 * The consent rule (issue 15): a person reads a category of a case only when they are in its team
 * (or coordinate it), their organisation — and, when the consent names a unit, their unit in it — is
 * a recipient of a consent in force today, that consent covers the category, and neither the whole
 * consent nor that category or recipient was withdrawn.
 * The case's coordinator always reads the basic record (`grund`) they registered. Nobody else, the
 * installation admin included.
 */
export function consentRule(person: Actor, r: CaseCategory): Decision {
	const inMunicipality = member(person, r);
	if (!inMunicipality.allowed) return inMunicipality;
	const isCoordinator = r.coordinatorId === person.userId;
	if (isCoordinator && r.category === 'grund') return allow('case_coordinator');
	const teamPlace = r.team.find((t) => t.userId === person.userId);
	const organisationId =
		teamPlace?.organisationId ?? (isCoordinator ? person.memberships.find((m) => m.municipalityId === r.municipalityId)?.organisationId : null);
	if (!organisationId) return deny('not_in_team');
	const place = { organisationId, unit: teamPlace?.unit ?? '' };
	const standing = r.consents.filter((c) => !c.withdrawn);
	if (standing.length === 0) return deny('no_consent');
	const inForce = standing.filter((c) => c.validFrom <= r.today && r.today <= c.validTo);
	if (inForce.length === 0) return deny('consent_expired');
	const ofOrganisation = inForce.filter(
		(c) => c.recipients.some((recipient) => recipient.organisationId === organisationId) && !c.withdrawnRecipients.includes(organisationId)
	);
	if (ofOrganisation.length === 0) return deny('not_a_recipient');
	const naming = ofOrganisation.filter((c) => c.recipients.some((recipient) => recipientNames(recipient, place)));
	if (naming.length === 0) return deny('not_in_unit');
	if (r.category === 'grund') return allow('consent');
	const covering = naming.some((c) => c.categories.includes(r.category) && !c.withdrawnCategories.includes(r.category));
	return covering ? allow('consent') : deny('category_not_covered');
}

/**
 * Whether a consent in force today, not withdrawn (whole or for that organisation), names this place
 * (organisation and unit): a beredningsgrupp meeting may discuss a case only with attendees it names.
 */
export function consentCoversPlace(consents: readonly ConsentScope[], place: { organisationId: string; unit: string }, today: string): boolean {
	return consents.some(
		(c) =>
			!c.withdrawn &&
			c.validFrom <= today &&
			today <= c.validTo &&
			!c.withdrawnRecipients.includes(place.organisationId) &&
			c.recipients.some((recipient) => recipientNames(recipient, place))
	);
}

const sspfCoordinator = (person: Actor, r: SspfScope): Decision => {
	const inMunicipality = member(person, r);
	if (!inMunicipality.allowed) return inMunicipality;
	return r.sspfCoordinator ? allow('sspf_coordinator') : deny('not_sspf_coordinator');
};

/**
 * SSPF. Case data is read only under the consent rule; everything about cases is closed to the
 * installation admin (`admin: false`). The styrgrupp sees statistics only.
 */
export const SSPF_PERMISSIONS = definePermissions({
	/** Who is in the styrgrupp, the beredningsgrupp, and who coordinates: the municipality's (BRÅ) coordinator. */
	'sspf.groups.manage': { system: SETUP, rule: coordinator },
	/** The module's pages: anyone in an SSPF group, or the municipality's coordinator (who sets the groups up). */
	'sspf.enter': {
		admin: false,
		rule: (person, r: SspfScope) => {
			const inMunicipality = member(person, r);
			if (!inMunicipality.allowed) return inMunicipality;
			if (r.groups.length > 0 || r.sspfCoordinator) return allow('sspf_group');
			return rolesIn(person, r.municipalityId).includes('samordnare') ? allow('samordnare') : deny('not_in_sspf');
		}
	},
	/** Create cases, name teams, record consents, close, erase, extract and rectify: the SSPF coordinator. */
	'sspf.case.manage': { admin: false, system: SETUP, rule: sspfCoordinator },
	/** "Search and signpost": that a case exists and whom to contact — staff of the municipality, never readers. */
	'sspf.case.signpost': {
		admin: false,
		rule: (person, r: SspfScope) => {
			const inMunicipality = member(person, r);
			if (!inMunicipality.allowed) return inMunicipality;
			return rolesIn(person, r.municipalityId).some((role) => role === 'samordnare' || role === 'medarbetare') ? allow('staff') : deny('role');
		}
	},
	'sspf.case.field.read': { admin: false, rule: consentRule },
	/** Adding to a category (an assessment, an action) needs the same consent as reading it. */
	'sspf.case.field.write': { admin: false, system: SETUP, rule: consentRule },
	'sspf.statistics.read': {
		system: ['scheduled-job', 'test-setup'],
		rule: (person, r: SspfScope) => {
			const inMunicipality = member(person, r);
			if (!inMunicipality.allowed) return inMunicipality;
			if (r.groups.includes('styrgrupp') || r.sspfCoordinator) return allow('styrgrupp');
			return rolesIn(person, r.municipalityId).includes('samordnare') ? allow('samordnare') : deny('not_in_styrgrupp');
		}
	},
	'sspf.meeting.read': {
		admin: false,
		rule: (person, r: SspfScope) => {
			const inMunicipality = member(person, r);
			if (!inMunicipality.allowed) return inMunicipality;
			return r.groups.includes('beredningsgrupp') || r.sspfCoordinator ? allow('beredningsgrupp') : deny('not_in_beredningsgrupp');
		}
	},
	'sspf.meeting.manage': { admin: false, system: SETUP, rule: sspfCoordinator },
	/** The installation's own work: erasing cases past retention, re-wrapping keys, consent reminders. */
	'sspf.retention.erase': { admin: false, system: ['scheduled-job', 'cli', 'test-setup'], rule: () => deny('system_only') },
	'sspf.keys.rotate': { admin: false, system: ['cli', 'test-setup'], rule: () => deny('system_only') },
	'sspf.reminders.send': { admin: false, system: ['scheduled-job', 'cli', 'test-setup'], rule: () => deny('system_only') }
});

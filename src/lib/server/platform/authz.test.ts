import { describe, expect, it } from 'vitest';
import { decide, type Actor } from './authz';

const FALUN = 'falun-id';
const SUNNE = 'sunne-id';
const POLICE = 'lpo-falun';
const HOUSING = 'kopparstaden';

const actor = (role: Actor['memberships'][number]['role'], municipalityId: string | null, organisationId: string | null = null): Actor => ({
	userId: `${role}-${municipalityId}`,
	email: 'x@example.se',
	name: 'X',
	memberships: [{ role, municipalityId, organisationId }]
});

describe('the authorisation policy', () => {
	it('lets anyone read public pages but nobody anonymous into the app', () => {
		expect(decide(null, 'public.read').allowed).toBe(true);
		expect(decide(null, 'app.enter').allowed).toBe(false);
		expect(decide(null, 'municipality.read', { municipalityId: FALUN }).allowed).toBe(false);
	});

	it('keeps a Sunne coordinator out of Falun', () => {
		const sunne = actor('samordnare', SUNNE);
		expect(decide(sunne, 'municipality.read', { municipalityId: SUNNE }).allowed).toBe(true);
		expect(decide(sunne, 'municipality.read', { municipalityId: FALUN })).toEqual({ allowed: false, reason: 'other_municipality' });
		expect(decide(sunne, 'municipality.manage', { municipalityId: FALUN }).allowed).toBe(false);
	});

	it('lets a coordinator manage and read the audit log of her own municipality only', () => {
		const falun = actor('samordnare', FALUN);
		expect(decide(falun, 'municipality.manage', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(falun, 'audit.read', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(falun, 'installation.manage').allowed).toBe(false);
	});

	it('lets readers read but change nothing', () => {
		const politician = actor('lasare', FALUN);
		expect(decide(politician, 'municipality.read', { municipalityId: FALUN }).allowed).toBe(true);
		expect(decide(politician, 'municipality.manage', { municipalityId: FALUN }).allowed).toBe(false);
		expect(decide(politician, 'organisation.write', { municipalityId: FALUN, organisationId: POLICE }).allowed).toBe(false);
		expect(decide(politician, 'audit.read', { municipalityId: FALUN }).allowed).toBe(false);
	});

	it('lets partner staff write only what their own organisation is responsible for', () => {
		const police = actor('medarbetare', FALUN, POLICE);
		expect(decide(police, 'organisation.write', { municipalityId: FALUN, organisationId: POLICE }).allowed).toBe(true);
		expect(decide(police, 'organisation.write', { municipalityId: FALUN, organisationId: HOUSING })).toEqual({
			allowed: false,
			reason: 'not_own_organisation'
		});
		expect(decide(police, 'organisation.write', { municipalityId: SUNNE, organisationId: POLICE }).allowed).toBe(false);
	});

	it('lets the installation admin do everything', () => {
		const admin = actor('admin', null);
		for (const action of ['municipality.read', 'municipality.manage', 'audit.read', 'installation.manage', 'organisation.write'] as const) {
			expect(decide(admin, action, { municipalityId: SUNNE }).allowed).toBe(true);
		}
	});
});

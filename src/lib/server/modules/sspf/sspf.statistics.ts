import type { Db } from '../../db/client';
import { requireAccess } from '../../platform/access';
import { Disclosure } from '../../platform/disclosure';
import { recordAudit } from '../audit/public';
import { caseDataKey, decryptField, type SspfKeyring } from './sspf.crypto';
import { ALL_FACTORS, REFERRAL_SOURCES, ageGroupOf } from './sspf.models';
import type { Principal } from '../../platform/authz';
import { ageOn, parsePersonnummer } from './personnummer';
import * as repo from './sspf.repository';
import { sspfScopeOf } from './sspf.usecases';

const AGE_GROUPS = ['12–14', '15–17', '18–20'] as const;
const GENDERS = ['kvinna', 'man'] as const;

export interface SspfStatistics {
	period: { from: string; to: string };
	/** null: hidden (fewer than the limit, or would reveal such a count). */
	active: number | null;
	new: number | null;
	closed: number | null;
	ageGroups: { group: string; count: number | null }[];
	genders: { gender: string; count: number | null }[];
	referralSources: { source: string; count: number | null }[];
	factors: { factor: string; atStart: number | null; atLatest: number | null }[];
	actions: { due: number | null; onTime: number | null; lateOrOpen: number | null };
	limit: number;
}

/**
 * The steering group's de-identified figures for a period: active, new and closed cases, age groups
 * and gender (from the personal identity number, decrypted on the server and never returned),
 * referral sources, how many cases had each factor present at the first and at the latest
 * assessment, and actions done by their due date. Every count goes through the one disclosure rule,
 * with the totals each breakdown adds up to, so a hidden count cannot be worked out by subtraction.
 */
export async function steeringStatistics(options: {
	db: Db;
	actor: Principal;
	keyring: SspfKeyring;
	municipalityId: string;
	from: string;
	to: string;
	limit?: number;
}): Promise<SspfStatistics> {
	requireAccess(options.actor, 'sspf.statistics.read', await sspfScopeOf(options.db, options.actor, options.municipalityId));
	const limit = options.limit ?? 5;
	const { from, to } = options;
	const cases = await repo.listCasesOfMunicipality(options.db, options.municipalityId);
	const active = cases.filter((c) => !c.erasedAt && c.referredOn <= to && (!c.closedOn || c.closedOn >= from));
	const entries = await repo.entriesOfCases(
		options.db,
		active.map((c) => c.id)
	);
	const disclosure = new Disclosure(limit);
	disclosure.count('active', active.length);
	disclosure.count('new', cases.filter((c) => c.referredOn >= from && c.referredOn <= to).length);
	disclosure.count('closed', cases.filter((c) => c.closedOn && c.closedOn >= from && c.closedOn <= to).length);

	const ageCounts = new Map<string, number>(AGE_GROUPS.map((g) => [g, 0]));
	const genderCounts = new Map<string, number>(GENDERS.map((g) => [g, 0]));
	const sourceCounts = new Map<string, number>(REFERRAL_SOURCES.map((s) => [s, 0]));
	const factorStart = new Map<string, number>(ALL_FACTORS.map((f) => [f, 0]));
	const factorLatest = new Map<string, number>(ALL_FACTORS.map((f) => [f, 0]));
	for (const row of active) {
		const dataKey = caseDataKey(options.keyring, row.id);
		const pnr = parsePersonnummer(decryptField<string>(dataKey, row.id, 'personnummer', row.sealed.personnummer!))!;
		const group = ageGroupOf(Math.min(20, Math.max(12, ageOn(pnr.birthDate, row.referredOn))));
		ageCounts.set(group, ageCounts.get(group)! + 1);
		genderCounts.set(pnr.gender, genderCounts.get(pnr.gender)! + 1);
		sourceCounts.set(row.referralSource, (sourceCounts.get(row.referralSource) ?? 0) + 1);
		const assessments = entries
			.filter((e) => e.caseId === row.id && e.kind === 'assessment' && e.occurredOn <= to)
			.map((e) => ({ on: e.occurredOn, ...decryptField<{ factor: string; level: string }>(dataKey, row.id, `entry:${e.id}`, e.sealed) }));
		for (const factor of ALL_FACTORS) {
			const of = assessments.filter((a) => a.factor === factor);
			if (of.length === 0) continue;
			if (of[0]!.level === 'finns') factorStart.set(factor, factorStart.get(factor)! + 1);
			if (of[of.length - 1]!.level === 'finns') factorLatest.set(factor, factorLatest.get(factor)! + 1);
		}
	}
	const breakdown = (prefix: string, counts: Map<string, number>) => {
		for (const [key, n] of counts) disclosure.count(`${prefix}:${key}`, n);
		disclosure.sum(
			'active',
			[...counts.keys()].map((key) => `${prefix}:${key}`)
		);
	};
	breakdown('age', ageCounts);
	breakdown('gender', genderCounts);
	breakdown('source', sourceCounts);
	for (const factor of ALL_FACTORS) {
		disclosure.count(`factor-start:${factor}`, factorStart.get(factor)!);
		disclosure.count(`factor-latest:${factor}`, factorLatest.get(factor)!);
	}
	const actions = entries.filter((e) => e.kind === 'action' && e.dueOn && e.dueOn >= from && e.dueOn <= to);
	const onTime = actions.filter((e) => e.doneOn && e.doneOn <= e.dueOn!).length;
	disclosure
		.count('actions:due', actions.length)
		.count('actions:on-time', onTime)
		.count('actions:late-or-open', actions.length - onTime);
	disclosure.sum('actions:due', ['actions:on-time', 'actions:late-or-open']);
	const shown = disclosure.solve();
	await options.db.transaction((tx) =>
		recordAudit(
			tx,
			{ actor: options.actor, ip: null },
			{ action: 'sspf.statistics.read', entityType: 'sspf_statistics', municipalityId: options.municipalityId, changes: null }
		)
	);
	return {
		period: { from, to },
		active: shown.value('active'),
		new: shown.value('new'),
		closed: shown.value('closed'),
		ageGroups: AGE_GROUPS.map((group) => ({ group, count: shown.value(`age:${group}`) })),
		genders: GENDERS.map((gender) => ({ gender, count: shown.value(`gender:${gender}`) })),
		referralSources: REFERRAL_SOURCES.map((source) => ({ source, count: shown.value(`source:${source}`) })),
		factors: ALL_FACTORS.map((factor) => ({ factor, atStart: shown.value(`factor-start:${factor}`), atLatest: shown.value(`factor-latest:${factor}`) })),
		actions: { due: shown.value('actions:due'), onTime: shown.value('actions:on-time'), lateOrOpen: shown.value('actions:late-or-open') },
		limit
	};
}

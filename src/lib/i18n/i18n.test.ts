import fs from 'node:fs';
import path from 'node:path';
import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { createTranslator, formatNumber } from './index';
import { EN_MESSAGES, MESSAGE_FILES, SV_MESSAGES } from './catalogue.generated';
import { DOMAIN_MODULES } from '$lib/modules/registry';
import { MEASURE_STATUS_CODES, PLAN_COLUMNS, PLAN_STATUSES } from '$lib/modules/plans/constants';
import { ACTIVITY_OUTCOME_STATUSES, PROMISE_STATUSES } from '$lib/modules/promises/constants';
import { ORGANISATION_TYPES } from '$lib/modules/organisations/constants';
import { ROLES } from '$lib/server/platform/permissions';
import { AREA_KINDS, MAPPING_FIELDS } from '$lib/server/modules/situation/situation.models';
import { REPORT_STATUSES } from '$lib/server/modules/situation/report/situation-report.models';
import type { ReminderKind } from '$lib/server/modules/plans/follow-up-reminders';
import type { ProblemSeverity } from '$lib/server/modules/plans/plan-import';
import type { MeasureChange } from '$lib/server/modules/plans/plan-diff';
import { answerFeedbackSchema } from '$lib/modules/promises/schemas';

const sv: Record<string, string> = SV_MESSAGES;
const en: Record<string, string> = EN_MESSAGES;

/** Every member of a union type: a Record over it fails type-checking when one is missing or extra. */
const members = <T extends string>(record: Record<T, true>): T[] => Object.keys(record) as T[];

/**
 * Keys built from a template (`situation.kind.${kind}`): each template the code uses, with `*` for the
 * placeholder, and the values it can take. A new template fails the test until its values are listed here.
 */
const DYNAMIC_KEYS: Record<string, readonly (string | number)[]> = {
	'situation.kind.*': AREA_KINDS,
	'situation.mapping.*': MAPPING_FIELDS,
	'situation.weekday.*': [1, 2, 3, 4, 5, 6, 7],
	'situation.month.*': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
	'situation.karta.*': ['change0', 'change1', 'change2', 'change3', 'change4'],
	'situationReport.status.*': REPORT_STATUSES,
	'plans.status.*': PLAN_STATUSES,
	'plans.col.*': PLAN_COLUMNS,
	'plans.revisions.kind.*': members<MeasureChange['kind']>({ added: true, removed: true, changed: true }),
	'plans.import.severity.*': members<ProblemSeverity>({ error: true, warning: true, info: true }),
	'followUp.measureStatus.*': MEASURE_STATUS_CODES,
	'followUp.status.*': ['oppen', 'stangd'],
	'followUp.remind.kind.*': members<ReminderKind>({ fore: true, efter: true }),
	'promises.status.*': PROMISE_STATUSES,
	'promises.outcome.*': ACTIVITY_OUTCOME_STATUSES,
	'promises.feedbackStatus.*': answerFeedbackSchema.shape.status.options,
	'organisations.type.*': ORGANISATION_TYPES,
	'organisations.duplicates.reason.*': ['same_word', 'typo'],
	'municipalities.done.*': ['aktiv', 'inaktiv', 'namn'],
	'ui.role.*': ROLES,
	'account.tokens.state.*': ['aktiv', 'aterkallad', 'utgangen'],
	'modules.*.name': DOMAIN_MODULES.map((m) => m.id),
	'modules.*.summary': DOMAIN_MODULES.map((m) => m.id),
	'modules.*.plan': DOMAIN_MODULES.map((m) => m.id)
};

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(svelte|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
	});
}

const sources = sourceFiles(path.resolve(import.meta.dirname, '../..')).map((file) => fs.readFileSync(file, 'utf8'));

describe('the message files', () => {
	it('have an English text for every Swedish key and no extra keys, file by file', () => {
		for (const [owner, files] of Object.entries(MESSAGE_FILES)) {
			expect(Object.keys(files.en).sort(), owner).toEqual(Object.keys(files.sv).sort());
		}
	});

	it('define each key in one file only (a module cannot silently override another)', () => {
		const owners = new Map<string, string[]>();
		for (const [owner, files] of Object.entries(MESSAGE_FILES)) {
			for (const key of Object.keys(files.sv)) owners.set(key, [...(owners.get(key) ?? []), owner]);
		}
		expect([...owners].filter(([, list]) => list.length > 1)).toEqual([]);
	});

	it('are all valid ICU messages (a stray "<" or "{" would fail the page that shows it)', () => {
		const broken: string[] = [];
		for (const [locale, messages] of [
			['sv', sv],
			['en', en]
		] as const) {
			for (const [key, message] of Object.entries(messages)) {
				try {
					new IntlMessageFormat(message, locale);
				} catch (error) {
					broken.push(`${locale} ${key}: ${(error as Error).message}`);
				}
			}
		}
		expect(broken).toEqual([]);
	});

	it('contain every key the code uses literally', () => {
		const used = new Set<string>();
		for (const text of sources) for (const match of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(match[1]);
		expect(used.size).toBeGreaterThan(50);
		expect([...used].filter((key) => !(key in sv))).toEqual([]);
	});

	it('contain every key the code builds from a template, for every value of its enumeration', () => {
		const templates = new Set<string>();
		for (const text of sources) {
			for (const match of text.matchAll(/\bt\(`([a-zA-Z0-9_.]*(?:\$\{[^}`]*\}[a-zA-Z0-9_.]*)+)`/g)) templates.add(match[1].replace(/\$\{[^}]*\}/g, '*'));
		}
		expect(templates.size).toBeGreaterThan(10);
		// The foundation's templates are listed above; each module declares its own in its browser manifest.
		const declared: Record<string, readonly (string | number)[]> = Object.assign({ ...DYNAMIC_KEYS }, ...DOMAIN_MODULES.map((m) => m.dynamicKeys ?? {}));
		expect([...templates].filter((template) => !(template in declared))).toEqual([]);
		const missing: string[] = [];
		for (const [template, values] of Object.entries(declared)) {
			for (const value of values) {
				const key = template.replace('*', String(value));
				if (!(key in sv)) missing.push(`sv ${key}`);
				if (!(key in en)) missing.push(`en ${key}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('describe every module in both languages', () => {
		for (const module of DOMAIN_MODULES) {
			for (const part of ['name', 'summary', 'plan']) expect(sv).toHaveProperty([`modules.${module.id}.${part}`]);
		}
	});

	it('format values with ICU in Swedish and English', () => {
		expect(createTranslator('sv')('users.create.done', { email: 'a@b.se' })).toBe('a@b.se har lagts till.');
		expect(createTranslator('en')('users.create.done', { email: 'a@b.se' })).toBe('a@b.se has been added.');
	});
});

describe('numbers in the reader’s language', () => {
	it('writes thousands and decimals as each language does, and a dash for a missing value', () => {
		expect(formatNumber(1234.5, { digits: 1, locale: 'sv' })).toBe('1\u00a0234,5');
		expect(formatNumber(1234.5, { digits: 1, locale: 'en' })).toBe('1,234.5');
		expect(formatNumber(12, { maxDigits: 1, locale: 'en' })).toBe('12');
		expect(formatNumber(null, { locale: 'en' })).toBe('–');
		expect(formatNumber(undefined, { empty: 'dolt' })).toBe('dolt');
	});
});

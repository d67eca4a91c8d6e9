import fs from 'node:fs';
import path from 'node:path';
import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { createTranslator } from './index';
import en from './en.json';
import sv from './sv.json';
import { DOMAIN_MODULES } from '$lib/modules/registry';

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(svelte|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
	});
}

describe('the message files', () => {
	it('have an English text for every Swedish key and no extra keys', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
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
		const root = path.resolve(import.meta.dirname, '../..');
		const used = new Set<string>();
		for (const file of sourceFiles(root)) {
			for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(match[1]);
		}
		expect(used.size).toBeGreaterThan(50);
		expect([...used].filter((key) => !(key in sv))).toEqual([]);
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

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN_MESSAGES, SV_MESSAGES } from '$lib/i18n/catalogue.generated';
import { AppError, ForbiddenError, NotFoundError, ValidationError, codedValidationError, errorMessageKey, validationErrorFromIssues } from './errors';
import { createUserSchema } from '../modules/users/users.models';
import { extensionNotLater, promiseNotFound } from '../modules/promises/promises.errors';

describe('coded errors', () => {
	it('carry a code and parameters, Swedish by default and English at the edge', () => {
		const error = extensionNotLater(2026);
		expect(error.code).toBe('promises.extension_not_later');
		expect(error.message).toBe('Förlängningen måste gå längre än nuvarande slutår (2026).');
		expect(error.localised('en')).toBe('The extension must run past the current end year (2026).');
		expect(new ForbiddenError('role').localised('en')).toBe('You do not have permission to do this.');
		expect(promiseNotFound().localised('sv')).toBe('Medborgarlöftet finns inte.');
		expect(promiseNotFound().localised('en')).toBe('The citizen promise does not exist.');
	});

	it('keep an old uncoded Swedish text, and fall back to the generic text in English', () => {
		expect(new AppError('plans.some_old_code', 409, 'Gammal text.').localised('en')).toBe('Gammal text.');
		expect(new NotFoundError('plans.some_old_code', 'Finns inte.').localised('en')).toBe('The page or record does not exist.');
		expect(new NotFoundError('plans.some_old_code').message).toBe('Sidan eller posten finns inte.');
	});

	it('translate coded form fields and keep uncoded ones', () => {
		const error = codedValidationError({ answer: { code: 'promises.answer_missing' } });
		expect(error.fieldErrors).toEqual({ answer: 'Skriv ett svar innan du publicerar det.' });
		expect(error.localise('en').fieldErrors).toEqual({ answer: 'Write an answer before you publish it.' });
		expect(new ValidationError({ title: 'Skriv en titel.' }).localise('en').fieldErrors).toEqual({ title: 'Skriv en titel.' });
	});

	it('are never thrown with a hand-written text in the modules and the file readers (commands at a terminal excepted)', () => {
		const roots = [path.resolve(import.meta.dirname, '../modules'), path.resolve(import.meta.dirname, 'files')];
		const files = (dir: string): string[] =>
			fs
				.readdirSync(dir, { withFileTypes: true })
				.flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /(?<!\.test|\.cli)\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []));
		const handWritten = /new (?:AppError|NotFoundError|FileReadError)\(\s*'[a-z_.]+',\s*(?:\d+,\s*)?['`]|ValidationError\(\{\s*[\w-]+:\s*['`]/g;
		const found = roots
			.flatMap(files)
			.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(handWritten)].map((m) => `${path.relative(process.cwd(), file)}: ${m[0]}`));
		expect(found).toEqual([]);
	});

	it('are never reported with a hand-written text either: schema messages, rejected rows and import notes carry codes (demo data and commands excepted)', () => {
		const roots = ['../modules', 'files', '../../modules'].map((dir) => path.resolve(import.meta.dirname, dir));
		const files = (dir: string): string[] =>
			fs
				.readdirSync(dir, { withFileTypes: true })
				.flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /(?<!\.test|\.cli|\.demo)\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []));
		// A message or reason that starts like a sentence (a capital or a quote) rather than a code.
		const prose = /\b(?:message|reason):\s*['`][A-ZÅÄÖ”"]/g;
		const found = roots
			.flatMap(files)
			.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(prose)].map((m) => `${path.relative(process.cwd(), file)}: ${m[0]}`));
		expect(found).toEqual([]);
	});

	it('from a schema: codes given as messages are translated with the limits as parameters, other messages kept', () => {
		const parsed = createUserSchema.safeParse({ email: 'inte en adress', name: '', password: 'kort', role: 'samordnare' });
		expect(parsed.success).toBe(false);
		const error = validationErrorFromIssues(parsed.success ? [] : parsed.error.issues);
		expect(error.fieldErrors).toEqual({ email: 'Ange en giltig e-postadress.', name: 'Ange ett namn.', password: 'Lösenordet behöver vara minst 12 tecken.' });
		expect(error.localise('en').fieldErrors).toEqual({
			email: 'Enter a valid e-mail address.',
			name: 'Enter a name.',
			password: 'The password needs at least 12 characters.'
		});
		const free = validationErrorFromIssues([{ path: ['rows', 2, 'title'], message: 'Skriv en titel.' }]);
		expect(free.localise('en').fieldErrors).toEqual({ 'rows-2-title': 'Skriv en titel.' });
	});

	it('thrown without a text have one in Swedish and English (every code in the modules that is thrown that way)', () => {
		const root = path.resolve(import.meta.dirname, '../modules');
		const files = (dir: string): string[] =>
			fs
				.readdirSync(dir, { withFileTypes: true })
				.flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
		const codes = new Set<string>();
		for (const file of files(root)) {
			const text = fs.readFileSync(file, 'utf8');
			for (const [, code] of text.matchAll(/new AppError\('([a-z_]+\.[a-z_.]+)', \d+, \{/g)) codes.add(code);
			for (const [, code] of text.matchAll(/new NotFoundError\('([a-z_]+\.[a-z_.]+)'\)/g)) codes.add(code);
			for (const line of text.split('\n').filter((l) => l.includes('codedValidationError({'))) {
				for (const [, code] of line.matchAll(/\{ code: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(code);
			}
		}
		expect(codes.size).toBeGreaterThan(5);
		const sv: Record<string, string> = SV_MESSAGES;
		const en: Record<string, string> = EN_MESSAGES;
		expect([...codes].filter((code) => !(errorMessageKey(code) in sv) || !(errorMessageKey(code) in en))).toEqual([]);
	});
});

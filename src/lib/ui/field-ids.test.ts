import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldId, fieldIds } from './field-ids';

function svelteFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		return e.isDirectory() ? svelteFiles(full) : e.name.endsWith('.svelte') ? [full] : [];
	});
}

const FIELD_TAG = /<(Field|TextAreaField|SelectField)\b([^>]*?)\/>/gs;

describe('field ids', () => {
	it('the error summary and the field take the same id, scoped per form', () => {
		expect(fieldIds('title', 'hint', 'error').id).toBe(fieldId('title'));
		expect(fieldIds('title', undefined, 'error', undefined, 'focus-new')).toMatchObject({ id: 'focus-new-title', errorId: 'focus-new-title-error' });
		expect(fieldId('title', 'focus-new')).not.toBe(fieldId('title', 'save'));
	});

	it('on every page, each error summary link reaches a field of its own form', () => {
		const problems: string[] = [];
		for (const file of svelteFiles('src/routes')) {
			const source = fs.readFileSync(file, 'utf8');
			const summaries = [...source.matchAll(/<ErrorSummary\b[^>]*>/g)].map((m) => m[0]);
			if (summaries.length === 0) continue;
			const fields = [...source.matchAll(FIELD_TAG)].map((m) => ({ name: /\bname="([^"]+)"/.exec(m[2])?.[1], attrs: m[2] }));
			const unscoped = summaries.some((s) => !/\bscope=/.test(s));
			// An explicit id takes the field away from the id its summary links to.
			for (const f of fields) if (unscoped && /\bid=/.test(f.attrs)) problems.push(`${file}: field "${f.name}" has its own id; give its form a scope`);
			// Two forms with a field of the same name: without scopes both summaries link to the first.
			const names = fields.filter((f) => !/\b(scope|id)=/.test(f.attrs)).map((f) => f.name);
			const repeated = names.filter((n, i) => names.indexOf(n) !== i);
			if (summaries.length > 1 && repeated.length && unscoped)
				problems.push(`${file}: fields named ${[...new Set(repeated)].join(', ')} in several forms; scope each form`);
		}
		expect(problems).toEqual([]);
	});
});

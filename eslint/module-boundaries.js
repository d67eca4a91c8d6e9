/**
 * Module boundaries under src/lib/server/modules/<module>/…, checked for every file there (tests
 * included), not for a list of names:
 *
 * - Another module is reached only through its `public.ts` (`../plans/public`), so a module's
 *   insides can change without breaking its neighbours.
 * - `*.table.ts` and `*.repository.ts` may also import another module's `*.table.ts`: there is one
 *   database schema, and foreign keys and joins cross modules.
 * - Tests (`*.test.ts`) may also import another module's `*.repository.ts`, `*.table.ts` and
 *   `testing.ts`: they set up records and check what was (or was not) written.
 * - `drizzle-orm` is imported only by `*.table.ts`, `*.repository.ts` and tests.
 *
 * Files directly in modules/ (the registries) are the shared loops over modules and are not a module.
 */
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, 'src/lib/server/modules');

/** { name, inner } when the absolute path lies inside a module folder; inner is the path within it. */
function moduleOf(absolute) {
	const relative = path.relative(MODULES, absolute);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
	const parts = relative.split(path.sep);
	return parts.length > 1
		? {
				name: parts[0],
				inner: parts
					.slice(1)
					.join('/')
					.replace(/\.(ts|js|svelte)$/, '')
			}
		: null;
}

function resolveSpecifier(specifier, filename) {
	if (specifier.startsWith('.')) return path.resolve(path.dirname(filename), specifier);
	if (specifier.startsWith('$lib/')) return path.join(ROOT, 'src/lib', specifier.slice('$lib/'.length));
	return null;
}

const isTable = (inner) => /(^|\/)[^/]+\.table$/.test(inner);
const isRepository = (inner) => /(^|\/)[^/]+\.repository$/.test(inner);
const isTest = (filename) => /\.test\.ts$/.test(filename);
const isData = (filename) => /\.(table|repository)\.ts$/.test(filename);

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
	meta: {
		type: 'problem',
		docs: { description: 'A module imports another only through its public.ts; Drizzle only in tables and repositories' },
		messages: {
			boundary:
				'{{from}} may not import {{target}} from module {{module}}: import it through {{module}}/public.ts (export it there if it is meant to be shared).',
			drizzle: 'drizzle-orm belongs in *.table.ts and *.repository.ts only: move the query into a repository.'
		},
		schema: []
	},
	create(context) {
		const filename = path.resolve(context.filename);
		const source = moduleOf(filename);
		if (!source) return {};
		function check(node, specifier) {
			if (typeof specifier !== 'string') return;
			if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) {
				if (!isData(filename) && !isTest(filename)) context.report({ node, messageId: 'drizzle' });
				return;
			}
			const resolved = resolveSpecifier(specifier, filename);
			const target = resolved && moduleOf(resolved);
			if (!target || target.name === source.name) return;
			if (target.inner === 'public') return;
			if (isTable(target.inner) && (isData(filename) || isTest(filename))) return;
			if ((isRepository(target.inner) || target.inner === 'testing') && isTest(filename)) return;
			context.report({ node, messageId: 'boundary', data: { from: source.name, target: target.inner, module: target.name } });
		}
		return {
			ImportDeclaration: (node) => check(node.source, node.source.value),
			ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
			ExportAllDeclaration: (node) => check(node.source, node.source.value),
			ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
			// vi.mock('../other/x') reaches into a module just as an import does.
			CallExpression: (node) => {
				const callee = node.callee;
				const isMock =
					callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'vi' && callee.property.name === 'mock';
				if (isMock && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
			}
		};
	}
};

export default { rules: { 'module-boundaries': rule } };

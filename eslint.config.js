import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import boundaries from './eslint/module-boundaries.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// Every file under modules/: other modules only through their public.ts, Drizzle only in
		// tables and repositories (and tests). See eslint/module-boundaries.js.
		files: ['src/lib/server/modules/**/*.ts'],
		plugins: { local: boundaries },
		rules: { 'local/module-boundaries': 'error' }
	},
	{
		// Routes and components reach the database only through use cases.
		files: ['src/routes/**/*.ts', 'src/lib/**/*.svelte'],
		rules: { 'no-restricted-imports': ['error', { patterns: ['drizzle-orm', 'drizzle-orm/*'] }] }
	},
	{ ignores: ['build/', 'build-*/', '.svelte-kit-*/', '.svelte-kit/', 'node_modules/', 'drizzle/', 'data/', 'test-results/', 'playwright-report/', '.tmp/'] }
);

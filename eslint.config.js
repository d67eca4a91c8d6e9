import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

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
		// Imports flow one way: only tables and repositories touch drizzle-orm.
		files: ['src/lib/server/modules/**/*.usecases.ts', 'src/lib/server/modules/**/*.models.ts', 'src/routes/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: ['drizzle-orm', 'drizzle-orm/*'] }] }
	},
	{ ignores: ['build/', 'build-*/', '.svelte-kit-*/', '.svelte-kit/', 'node_modules/', 'drizzle/', 'data/', 'test-results/', 'playwright-report/', '.tmp/'] }
);

import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		// Side-by-side builds (BUILD_DIR=build-x) keep their own generated files too.
		outDir: process.env.BUILD_DIR ? `.svelte-kit-${process.env.BUILD_DIR}` : '.svelte-kit',
		csrf: { trustedOrigins: [] }
	}
};

export default config;

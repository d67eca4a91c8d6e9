import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		// Side-by-side builds (BUILD_DIR=build-x) keep their own generated files too.
		outDir: process.env.BUILD_DIR ? `.svelte-kit-${process.env.BUILD_DIR}` : '.svelte-kit',
		// src/service-worker.ts is registered by the field forms only (src/lib/client/offline-queue.ts), scope /app/.
		serviceWorker: { register: false },
		csrf: { trustedOrigins: [] },
		// Every page gets this policy (hooks.server.ts adds the map's basemap origin and a strict one
		// for answers that are not pages). 'hash', not nonces: the public page cache serves one
		// rendering to many visitors, and a replayed nonce would be no nonce at all.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte writes style attributes (bars, map legends); scripts stay hash-only.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;

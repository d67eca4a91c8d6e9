/**
 * Rendered public pages (a municipality's page, a promise, the public plan, the public
 * lägesbild), kept per path and language until a write changes what they show.
 *
 * Invalidation works across app servers without any process telling another: every write that
 * can change a public page bumps its municipality's row in `public_versions` in the write's own
 * transaction (see publicScopeOfAudit), each process reads that small table at most POLL_MS
 * apart (and before serving anything when its last read is older than MAX_STALE_MS), and a page
 * is served only while its municipality's version is the one it was rendered at. The same works
 * on PGlite (one process) and PostgreSQL (many), with no listener connection to keep alive.
 */
import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../db/client';
import { logger } from '../logger';
import { readPublicVersions } from './shared.repository';

export const POLL_MS = 300;
/** No page is served on a version read longer ago than this: the cross-process bound. */
export const MAX_STALE_MS = 1_000;
/** After a write in this process, pages check the database first, so its author sees it at once. */
export const LOCAL_WRITE_WINDOW_MS = 2_000;
/** Pages also show time (the current year, what is upcoming): none is older than this. */
const MAX_AGE_MS = 10 * 60_000;
const MAX_BYTES = 32 * 1024 * 1024;
/** The scope of writes that belong to no municipality but may show on every public page. */
export const GLOBAL_SCOPE = '*';

/**
 * A reverse proxy may keep the page but must ask again every time: the app answers 304 from
 * memory, so a write is visible through the proxy as soon as the app sees it.
 */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';
export const PUBLIC_VARY = 'Cookie, Accept-Language';

/** The routes whose HTML is the same for every signed-out visitor with the same language. */
export const CACHEABLE_ROUTES = new Set([
	'/(public)/[kommun]',
	'/(public)/[kommun]/medborgarloften/[slug]',
	'/(public)/[kommun]/atgardsplan/[planId]',
	'/(public)/[kommun]/lagesbild',
	'/(public)/[kommun]/lagesbild/[id]'
]);

let localWriteAt = -Infinity;

/**
 * Which public pages an audited action may change: its municipality's, every municipality's for
 * installation-wide changes (organisations), none for reads, exports and account events.
 */
export function publicScopeOfAudit(fields: { action: string; municipalityId: string | null }): string | null {
	const { action } = fields;
	if (/[._](read|exported)$/.test(action)) return null;
	if (fields.municipalityId) return fields.municipalityId;
	if (/^(auth|user|users)\./.test(action)) return null;
	return GLOBAL_SCOPE;
}

/** Called where the write is recorded; see LOCAL_WRITE_WINDOW_MS. */
export function notePublicWrite(now = Date.now()): void {
	localWriteAt = now;
}

export interface CachedPage {
	key: string;
	/** The municipality whose version the page was rendered at. */
	slug: string;
	stamp: string;
	body: Buffer;
	headers: [string, string][];
	etag: string;
	lastModified: string;
	storedAt: number;
	/** The policy decision the render made, recorded again on every request it answers. */
	policy: unknown;
	/**
	 * Every header of the answer as the app's hook finished it (security headers included), set
	 * after the first answer; the early path (fast-path.ts) answers only pages that have them.
	 */
	finalHeaders?: Record<string, string>;
}

export class PublicPageCache {
	private bySlug = new Map<string, number>();
	private byScope = new Map<string, number>();
	private global = 0;
	private lastPollAt = -Infinity;
	private appliedPollStart = -Infinity;
	private inflight: { startedAt: number; done: Promise<void> } | null = null;
	private timer: NodeJS.Timeout | null = null;
	private readonly pages = new Map<string, CachedPage>();
	private bytes = 0;
	hits = 0;
	misses = 0;

	constructor(
		private readonly db: DbOrTx,
		private readonly options: {
			maxBytes?: number;
			pollMs?: number;
			now?: () => number;
			/**
			 * The database has no other writer (PGlite: one process holds it). Then a version read
			 * begun after this process's last write is current however long ago it was, so the early
			 * path need not wait for a fresh read while renders keep the one connection busy.
			 */
			singleWriter?: boolean;
		} = {}
	) {}

	private now(): number {
		return this.options.now?.() ?? Date.now();
	}

	/** Keeps the versions fresh in the background; the timer never holds the process open. */
	start(): void {
		if (this.timer) return;
		this.timer = setInterval(
			() => void this.poll().catch((error) => logger.warn('public version poll failed', { error: String(error) })),
			this.options.pollMs ?? POLL_MS
		);
		this.timer.unref();
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	/** Reads the versions; a read already under way is shared only if it began after `notBefore`. */
	poll(notBefore = -Infinity): Promise<void> {
		if (this.inflight && this.inflight.startedAt >= notBefore) return this.inflight.done;
		const startedAt = this.now();
		const done = readPublicVersions(this.db).then((rows) => {
			// Two reads may overlap: only the later-started one's answer is kept.
			if (startedAt < this.appliedPollStart) return;
			this.appliedPollStart = startedAt;
			this.lastPollAt = startedAt;
			this.bySlug = new Map(rows.filter((r) => r.slug).map((r) => [r.slug!, r.version]));
			this.byScope = new Map(rows.map((r) => [r.scope, r.version]));
			this.global = rows.find((r) => r.scope === GLOBAL_SCOPE)?.version ?? 0;
		});
		const entry = { startedAt, done };
		this.inflight = entry;
		void done.finally(() => this.inflight === entry && (this.inflight = null)).catch(() => {});
		return done;
	}

	private async fresh(): Promise<void> {
		const now = this.now();
		if (now - this.lastPollAt > MAX_STALE_MS || Date.now() - localWriteAt < LOCAL_WRITE_WINDOW_MS) await this.poll(now);
	}

	/** What a municipality's public pages are rendered from, fresh to within MAX_STALE_MS of any commit. */
	async stamp(slug: string): Promise<string> {
		await this.fresh();
		return `${this.bySlug.get(slug) ?? 0}.${this.global}`;
	}

	/** The version last read for a scope (a municipality's id), for data caches below the pages. */
	knownStamp(scope: string): string {
		return `${this.byScope.get(scope) ?? 0}.${this.global}`;
	}

	/**
	 * The page, without waiting for anything, when it is certainly current: versions read less than
	 * MAX_STALE_MS ago, no write of this process in the last moments, rendered at the municipality's
	 * version and young enough. Otherwise null, and the request takes the full path (lookup).
	 */
	currentPage(key: string): CachedPage | null {
		const now = this.now();
		if (Date.now() - localWriteAt < LOCAL_WRITE_WINDOW_MS) return null;
		// PGlite runs one statement at a time, so a read begun after the write's start sees its commit.
		const versionsCurrent = this.options.singleWriter ? this.lastPollAt > localWriteAt : now - this.lastPollAt <= MAX_STALE_MS;
		if (!versionsCurrent) return null;
		const page = this.pages.get(key);
		if (!page || now - page.storedAt >= MAX_AGE_MS || page.stamp !== `${this.bySlug.get(page.slug) ?? 0}.${this.global}`) return null;
		// Least recently used last, as in lookup: the pages answered early are the ones most worth keeping.
		this.pages.delete(key);
		this.pages.set(key, page);
		this.hits++;
		return page;
	}

	/** The page if it was rendered at the municipality's current version; otherwise the stamp to store a new one under. */
	async lookup(key: string, slug: string): Promise<{ page: CachedPage | null; stamp: string }> {
		const stamp = await this.stamp(slug);
		const page = this.pages.get(key);
		if (page && page.stamp === stamp && this.now() - page.storedAt < MAX_AGE_MS) {
			// Least recently used last: eviction takes from the front.
			this.pages.delete(key);
			this.pages.set(key, page);
			this.hits++;
			return { page, stamp };
		}
		if (page) this.remove(key);
		this.misses++;
		return { page: null, stamp };
	}

	/** Keeps a freshly rendered response when it is the same for everyone; null when it is not. */
	async store(key: string, slug: string, stamp: string, response: Response, policy: unknown = null): Promise<CachedPage | null> {
		if (!isShareable(response)) return null;
		const body = Buffer.from(await response.arrayBuffer());
		const maxBytes = this.options.maxBytes ?? MAX_BYTES;
		const storedAt = this.now();
		const headers = [...response.headers].filter(([name]) => !['content-length', 'date', 'etag', 'last-modified', 'cache-control', 'vary'].includes(name));
		const page: CachedPage = {
			key,
			slug,
			stamp,
			body,
			headers,
			etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
			lastModified: new Date(Math.floor(storedAt / 1000) * 1000).toUTCString(),
			storedAt,
			policy
		};
		if (body.length > maxBytes / 8) return page;
		this.remove(key);
		this.pages.set(key, page);
		this.bytes += body.length;
		for (const [oldest] of this.pages) {
			if (this.bytes <= maxBytes) break;
			this.remove(oldest);
		}
		return page;
	}

	get size(): { pages: number; bytes: number } {
		return { pages: this.pages.size, bytes: this.bytes };
	}

	private remove(key: string): void {
		const page = this.pages.get(key);
		if (!page) return;
		this.pages.delete(key);
		this.bytes -= page.body.length;
	}
}

/** Only a plain 200 page that sets no cookie and asks for no privacy can be given to someone else. */
export function isShareable(response: Response): boolean {
	if (response.status !== 200) return false;
	if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	if (response.headers.has('set-cookie')) return false;
	return !/\b(private|no-store)\b/i.test(response.headers.get('cache-control') ?? '');
}

/** The page as an answer to this request: 304 when the client's copy is current, no body for HEAD. */
export function pageResponse(page: CachedPage, request: Request, state: 'hit' | 'miss'): Response {
	const headers = new Headers(page.headers);
	headers.set('etag', page.etag);
	headers.set('last-modified', page.lastModified);
	headers.set('cache-control', PUBLIC_CACHE_CONTROL);
	headers.set('vary', PUBLIC_VARY);
	headers.set('x-forebygg-cache', state);
	if (isNotModified(request.headers, page)) {
		for (const name of ['content-type', 'content-length']) headers.delete(name);
		return new Response(null, { status: 304, headers });
	}
	headers.set('content-length', String(page.body.length));
	// The kept Buffer itself (a Uint8Array): no copy per request.
	return new Response(request.method === 'HEAD' ? null : (page.body as Uint8Array<ArrayBuffer>), { status: 200, headers });
}

export function isNotModified(headers: Headers, page: Pick<CachedPage, 'etag' | 'lastModified'>): boolean {
	const ifNoneMatch = headers.get('if-none-match');
	// If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3).
	if (ifNoneMatch !== null) return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag);
	const since = Date.parse(headers.get('if-modified-since') ?? '');
	return Number.isFinite(since) && since >= Date.parse(page.lastModified);
}

const caches = new WeakMap<object, PublicPageCache>();

/** One cache per database (per process), polling from its first use. */
export function publicPageCache(db: DbOrTx, options: { singleWriter?: boolean } = {}): PublicPageCache {
	let cache = caches.get(db);
	if (!cache) {
		caches.set(db, (cache = new PublicPageCache(db, options)));
		cache.start();
	}
	return cache;
}

/** The last-read version of a scope, or null when no page cache runs on this database. */
export function knownPublicStamp(db: DbOrTx, scope: string): string | null {
	return caches.get(db)?.knownStamp(scope) ?? null;
}

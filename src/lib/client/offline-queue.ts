import { applyAction, deserialize } from '$app/forms';
import { goto } from '$app/navigation';
import type { ActionResult } from '@sveltejs/kit';

/**
 * The phone's queue of forms written without network (an EST report, a walk's finding): kept in
 * IndexedDB with their photos, sent when the network is back, each under the client id it was
 * given when written so the server stores it once however often it is sent. Progressive
 * enhancement only: without JavaScript the forms post as they always did.
 */

export type QueueKind = 'est-report' | 'walk-finding';

export interface QueuedForm {
	/** The form's client id (the key: the same form is never queued twice). */
	id: string;
	kind: QueueKind;
	/** The form's action URL (absolute, as the form resolved it). */
	action: string;
	/** What the writer sees in the list ("Klotter, Tallrisvägen 12"). */
	label: string;
	/** The form's fields with their files (IndexedDB keeps Blobs). */
	fields: [string, string | File][];
	queuedAt: number;
	/** Set when the server refused it (the field errors, in the writer's language); it then waits for the writer. */
	error?: string;
}

const DB_NAME = 'forebygg-offline';
const STORE = 'forms';

function openDb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await openDb();
	try {
		return await new Promise<T>((resolve, reject) => {
			const transaction = db.transaction(STORE, mode);
			const request = run(transaction.objectStore(STORE));
			transaction.oncomplete = () => resolve(request.result);
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error);
		});
	} finally {
		db.close();
	}
}

export const enqueue = (item: QueuedForm) => withStore('readwrite', (store) => store.put(item)).then(() => notify());
export const dequeue = (id: string) => withStore('readwrite', (store) => store.delete(id)).then(() => notify());

/** The queued forms of one kind (and action, when given), oldest first. */
export async function listQueued(kind: QueueKind, action?: string): Promise<QueuedForm[]> {
	const all = (await withStore('readonly', (store) => store.getAll())) as QueuedForm[];
	return all.filter((item) => item.kind === kind && (!action || item.action === action)).sort((a, b) => a.queuedAt - b.queuedAt);
}

/** Listeners of the queue (the status box on each form page). */
const listeners = new Set<() => void>();
export function onQueueChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
function notify() {
	for (const listener of listeners) listener();
}

/** Posts the form as SvelteKit's enhanced forms do; a network failure throws (a TypeError). */
async function post(action: string, body: FormData): Promise<ActionResult> {
	const response = await fetch(action, {
		method: 'POST',
		body,
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
		cache: 'no-store'
	});
	return deserialize(await response.text());
}

function formDataOf(fields: [string, string | File][]): FormData {
	const data = new FormData();
	for (const [name, value] of fields) data.append(name, value);
	return data;
}

/** The field errors of a refused form as one line of text. */
function errorText(result: ActionResult): string {
	if (result.type === 'failure') {
		const data = (result.data ?? {}) as { errors?: Record<string, string>; message?: string };
		return [data.message, ...Object.values(data.errors ?? {})].filter(Boolean).join(' ');
	}
	return result.type === 'error' ? String((result.error as { message?: string })?.message ?? '') : '';
}

let flushing: Promise<QueuedForm[]> | null = null;

/**
 * Sends the queued forms of a kind, oldest first, while the network answers. Sent ones leave the
 * queue; a refused one stays with its error for the writer; on a network failure the rest wait.
 * One flush at a time (the online event and the page's start may ask at once). Returns those sent.
 */
export function flushQueue(kind: QueueKind): Promise<QueuedForm[]> {
	flushing ??= (async () => {
		const sent: QueuedForm[] = [];
		try {
			for (const item of await listQueued(kind)) {
				if (item.error) continue;
				let result: ActionResult;
				try {
					result = await post(item.action, formDataOf(item.fields));
				} catch {
					break;
				}
				if (result.type === 'redirect' || result.type === 'success') {
					await dequeue(item.id);
					sent.push(item);
				} else {
					await enqueue({ ...item, error: errorText(result) || '–' });
				}
			}
		} finally {
			flushing = null;
		}
		return sent;
	})();
	return flushing;
}

/** A fresh client id for the next form. */
export const newClientId = () =>
	typeof crypto.randomUUID === 'function'
		? crypto.randomUUID()
		: Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export interface OfflineFormOptions {
	kind: QueueKind;
	/** The list label of a queued form, from its fields. */
	label: (data: FormData) => string;
	/** Called after a form was queued (the page says so and clears the form). */
	onqueued?: (item: QueuedForm) => void;
}

/**
 * A Svelte action for a form with a hidden `clientId` field: with JavaScript the form is sent in
 * the background; when the network fails it is queued on the phone (fields and photos) under its
 * client id, the form is cleared and given a new id. Answers with network are the server's as
 * without JavaScript: a redirect is followed, a refusal shows the form's errors.
 */
export function offlineForm(form: HTMLFormElement, options: OfflineFormOptions) {
	let current = options;
	// A page opened from the phone's copy carries the id it was kept with: every view gets its own.
	const idField = form.elements.namedItem('clientId') as HTMLInputElement | null;
	if (idField) idField.value = newClientId();
	async function submit(event: SubmitEvent) {
		event.preventDefault();
		const data = new FormData(form, event.submitter);
		if (!data.get('clientId')) data.set('clientId', newClientId());
		const clientId = String(data.get('clientId'));
		let result: ActionResult | null = null;
		if (navigator.onLine) {
			try {
				result = await post(form.action, data);
			} catch {
				result = null;
			}
		}
		if (!result) {
			const item: QueuedForm = {
				id: clientId,
				kind: current.kind,
				action: form.action,
				label: current.label(data),
				fields: [...data.entries()].filter(([, value]) => typeof value === 'string' || value.size > 0) as [string, string | File][],
				queuedAt: Date.now()
			};
			await enqueue(item);
			form.reset();
			if (idField) idField.value = newClientId();
			current.onqueued?.(item);
			return;
		}
		if (result.type === 'redirect') {
			form.reset();
			await goto(result.location, { invalidateAll: true });
		} else {
			await applyAction(result);
		}
	}
	form.addEventListener('submit', submit);
	// The form is in the queue's hands from here (tests and the bench read it as "interactive").
	form.dataset.offline = 'ready';
	return {
		update(next: OfflineFormOptions) {
			current = next;
		},
		destroy() {
			form.removeEventListener('submit', submit);
		}
	};
}

/**
 * Registers the service worker that keeps the form pages and their scripts on the phone, and asks
 * it to keep this page and what it loaded (so it opens again without network).
 */
export async function keepPageOffline(): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	try {
		await navigator.serviceWorker.register('/service-worker.js', { scope: '/app/' });
		const registration = await navigator.serviceWorker.ready;
		const urls = [
			location.pathname,
			...performance
				.getEntriesByType('resource')
				.map((entry) => new URL(entry.name))
				.filter((url) => url.origin === location.origin && url.pathname.startsWith('/_app/'))
				.map((url) => url.pathname)
		];
		registration.active?.postMessage({ type: 'keep', urls: [...new Set(urls)] });
	} catch {
		// No service worker (a private window, an old browser): the queue still works while the page is open.
	}
}

import type { Actor } from '$lib/server/platform/authz';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			actor: Actor | null;
			sessionId: string | null;
			/** Password verified, second factor still owed: only /login/totp is open. */
			pendingTotpSessionId: string | null;
			locale: 'sv' | 'en';
			policy: { action: string; allowed: boolean; reason: string } | null;
		}
	}
}

export {};

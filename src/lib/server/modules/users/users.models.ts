import { z } from 'zod';
import { ROLES } from '../../platform/authz';

// ASVS 4.0 2.1.1: at least 12 characters; no composition rules, no expiry (2.1.9, 2.1.10).
export const PASSWORD_MIN_LENGTH = 12;

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, { message: 'users.password_too_short' }).max(200, { message: 'users.password_too_long' });

export const createUserSchema = z.object({
	email: z.string().trim().toLowerCase().email({ message: 'users.email_invalid' }),
	name: z.string().trim().min(1, { message: 'users.name_missing' }).max(200, { message: 'users.name_too_long' }),
	password: passwordSchema.optional(),
	role: z.enum(ROLES, { message: 'users.role_missing' }),
	organisationId: z.string().uuid({ message: 'users.organisation_missing' }).nullable().optional(),
	municipalityId: z.string().uuid({ message: 'users.municipality_missing' }).nullable().optional()
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export interface SessionTimes {
	createdAt: Date;
	lastSeenAt: Date;
	expiresAt: Date;
}

/** A session ends at its absolute expiry or after the idle time, whichever comes first. */
export function sessionIsValid(session: SessionTimes, now: Date, idleMinutes: number): boolean {
	if (now >= session.expiresAt) return false;
	return now.getTime() - session.lastSeenAt.getTime() < idleMinutes * 60_000;
}

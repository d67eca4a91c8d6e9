import { z } from 'zod';
import { ROLES } from '../../platform/authz';

// ASVS 4.0 2.1.1: at least 12 characters; no composition rules, no expiry (2.1.9, 2.1.10).
export const PASSWORD_MIN_LENGTH = 12;

export const passwordSchema = z
	.string()
	.min(PASSWORD_MIN_LENGTH, { message: `Lösenordet behöver vara minst ${PASSWORD_MIN_LENGTH} tecken.` })
	.max(200, { message: 'Lösenordet får vara högst 200 tecken.' });

export const createUserSchema = z.object({
	email: z.string().trim().toLowerCase().email({ message: 'Ange en giltig e-postadress.' }),
	name: z.string().trim().min(1, { message: 'Ange ett namn.' }).max(200, { message: 'Namnet är för långt.' }),
	password: passwordSchema.optional(),
	role: z.enum(ROLES, { message: 'Välj en roll.' }),
	organisationId: z.string().uuid({ message: 'Välj en organisation.' }).nullable().optional(),
	municipalityId: z.string().uuid({ message: 'Välj en kommun.' }).nullable().optional()
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

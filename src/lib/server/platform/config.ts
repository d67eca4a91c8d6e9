import path from 'node:path';

/** Every environment variable the server reads, in one place (the README lists the same). */
export interface Config {
	databaseUrl: string | null;
	dataDir: string;
	demo: boolean;
	origin: string;
	smtpUrl: string | null;
	mailFrom: string;
	sessionIdleMinutes: number;
	sessionAbsoluteHours: number;
	requireTotpRoles: string[];
	loginMaxFailures: number;
	loginLockMinutes: number;
	oidc: { issuer: string; clientId: string; clientSecret: string; label: string; allowInsecure: boolean } | null;
	migrationsFolder: string;
	/** Days before a follow-up round's due date that the first reminder goes out. */
	reminderDaysBefore: number;
	/** Runs the hourly jobs (reminders) in the server process; off when an external cron runs `cli plan:reminders`. */
	scheduler: boolean;
	/** Months an adopted lägesbild holds before it is due for renewal (Falun works in two-year cycles). */
	situationRenewalMonths: number;
	/** Days before that renewal that the coordinators get their one reminder and the pages a banner. */
	situationRenewalNoticeDays: number;
	/** Public outputs show counts below this as "färre än N". */
	suppressBelow: number;
	/**
	 * The lägesbild map's basemap: a MapLibre style URL (…/style.json) or a raster tile template
	 * with {z}/{x}/{y}; null (the default, for offline machines) draws the areas on a plain background.
	 */
	mapBasemapUrl: string | null;
	/**
	 * Tests only (FOREBYGG_TEST=1, or NODE_ENV=test): every answer names its policy decision in
	 * `x-forebygg-policy`, which the route-coverage and role-matrix browser tests read. Off in
	 * production, where it would tell anyone the caller's role.
	 */
	exposePolicyHeader: boolean;
	/** Signs the audit log's checkpoints (AUDIT_KEY); null: a key file in DATA_DIR, made on first start. */
	auditKey: string | null;
	/**
	 * Where the daily backups go (BACKUP_DIR). Default DATA_DIR/backups for the embedded database;
	 * with DATABASE_URL none unless set (PostgreSQL has its own tools, see the README).
	 */
	backupDir: string | null;
	/** How many daily backups are kept (BACKUP_KEEP). */
	backupKeep: number;
}

function intFrom(value: string | undefined, fallback: number): number {
	const parsed = Number.parseInt(value ?? '', 10);
	return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** DEMO (or the older FOREBYGG_DEMO) = 0 starts empty; unset, the embedded database gets the demo municipalities. */
function demoFlag(env: NodeJS.ProcessEnv, databaseUrl: string | null): boolean {
	const value = env.DEMO?.trim() || env.FOREBYGG_DEMO?.trim();
	return value !== undefined && value !== '' ? value !== '0' : databaseUrl === null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	const port = env.PORT?.trim() || '3000';
	return {
		databaseUrl,
		dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
		demo: demoFlag(env, databaseUrl),
		origin: env.ORIGIN?.trim() || `http://localhost:${port}`,
		smtpUrl: env.SMTP_URL?.trim() || null,
		mailFrom: env.MAIL_FROM?.trim() || 'Förebygg <noreply@forebygg.local>',
		sessionIdleMinutes: intFrom(env.SESSION_IDLE_MINUTES, 120),
		sessionAbsoluteHours: intFrom(env.SESSION_ABSOLUTE_HOURS, 12),
		requireTotpRoles: (env.REQUIRE_TOTP_ROLES ?? '')
			.split(',')
			.map((role) => role.trim())
			.filter(Boolean),
		loginMaxFailures: intFrom(env.LOGIN_MAX_FAILURES, 5),
		loginLockMinutes: intFrom(env.LOGIN_LOCK_MINUTES, 15),
		oidc: env.OIDC_ISSUER
			? {
					issuer: env.OIDC_ISSUER,
					clientId: env.OIDC_CLIENT_ID ?? '',
					clientSecret: env.OIDC_CLIENT_SECRET ?? '',
					label: env.OIDC_LABEL ?? 'kommunens inloggning',
					allowInsecure: env.OIDC_ALLOW_INSECURE === '1'
				}
			: null,
		migrationsFolder: path.resolve(env.MIGRATIONS_DIR?.trim() || 'drizzle'),
		reminderDaysBefore: intFrom(env.REMINDER_DAYS_BEFORE, 7),
		scheduler: env.SCHEDULER !== '0',
		situationRenewalMonths: intFrom(env.SITUATION_RENEWAL_MONTHS, 24),
		situationRenewalNoticeDays: intFrom(env.SITUATION_RENEWAL_NOTICE_DAYS, 60),
		suppressBelow: intFrom(env.SUPPRESS_BELOW, 5),
		mapBasemapUrl: env.MAP_BASEMAP_URL?.trim() || null,
		exposePolicyHeader: env.FOREBYGG_TEST === '1' || env.NODE_ENV === 'test',
		auditKey: env.AUDIT_KEY?.trim() || null,
		backupDir: env.BACKUP_DIR?.trim()
			? path.resolve(env.BACKUP_DIR.trim())
			: databaseUrl === null
				? path.join(path.resolve(env.DATA_DIR?.trim() || 'data'), 'backups')
				: null,
		backupKeep: intFrom(env.BACKUP_KEEP, 7)
	};
}

/** The longest a logged value may be, and the longest line: one bad request never fills the disk. */
export const MAX_LOG_VALUE = 2_000;
export const MAX_LOG_LINE = 8_192;

/**
 * A value as it may be logged: query parameters (Drizzle's "params: …" after a failed query, which
 * hold whatever the user sent) are left out, and long text is cut with a note of how much.
 */
export function redactLogValue(value: string): string {
	const redacted = value.replace(/(^|\n)params: [\s\S]*?(?=\n\s+at |$)/g, '$1params: [utelämnade]');
	return redacted.length > MAX_LOG_VALUE ? `${redacted.slice(0, MAX_LOG_VALUE)}… [${redacted.length - MAX_LOG_VALUE} tecken till]` : redacted;
}

function redact(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactLogValue(value);
	if (value === null || typeof value !== 'object' || depth > 3) return value;
	if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, depth + 1)]));
}

/** One line of JSON per event, on stderr so it never mixes with CLI output. */
function write(level: string, message: string, extra?: Record<string, unknown>): void {
	if (process.env.FOREBYGG_LOG === 'silent') return;
	let line = JSON.stringify({ time: new Date().toISOString(), level, message: redactLogValue(message), ...(redact(extra ?? {}) as object) });
	if (line.length > MAX_LOG_LINE)
		line = JSON.stringify({ time: new Date().toISOString(), level, message: redactLogValue(message), truncated: line.slice(0, MAX_LOG_LINE) });
	process.stderr.write(`${line}\n`);
}

export const logger = {
	info: (message: string, extra?: Record<string, unknown>) => write('info', message, extra),
	warn: (message: string, extra?: Record<string, unknown>) => write('warn', message, extra),
	error: (message: string, extra?: Record<string, unknown>) => write('error', message, extra)
};

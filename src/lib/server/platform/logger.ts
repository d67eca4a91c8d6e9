/** One line of JSON per event, on stderr so it never mixes with CLI output. */
function write(level: string, message: string, extra?: Record<string, unknown>): void {
	if (process.env.FOREBYGG_LOG === 'silent') return;
	process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);
}

export const logger = {
	info: (message: string, extra?: Record<string, unknown>) => write('info', message, extra),
	warn: (message: string, extra?: Record<string, unknown>) => write('warn', message, extra),
	error: (message: string, extra?: Record<string, unknown>) => write('error', message, extra)
};

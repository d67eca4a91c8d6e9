import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, MAX_LOG_LINE, redactLogValue } from './logger';

describe('logger', () => {
	const previous = process.env.FOREBYGG_LOG;
	afterEach(() => {
		process.env.FOREBYGG_LOG = previous;
		vi.restoreAllMocks();
	});

	it("leaves out a failed query's parameters and keeps the stack", () => {
		const stack = `Error: Failed query: insert into "plans" ("title") values ($1)\nparams: ${'x'.repeat(5000)},hemlig\n    at PgDialect.run (file.js:1:1)`;
		const logged = redactLogValue(stack);
		expect(logged).toContain('Failed query: insert into "plans"');
		expect(logged).toContain('params: [utelämnade]');
		expect(logged).not.toContain('hemlig');
		expect(logged).toContain('at PgDialect.run');
	});

	it('caps every line, whatever an error drags along (the 419 MB log line)', () => {
		process.env.FOREBYGG_LOG = 'on';
		const lines: string[] = [];
		vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
			lines.push(String(chunk));
			return true;
		});
		logger.error('unhandled error', { error: 'y'.repeat(5_000_000), many: Array.from({ length: 1000 }, () => 'z'.repeat(1000)) });
		expect(lines).toHaveLength(1);
		expect(lines[0].length).toBeLessThanOrEqual(MAX_LOG_LINE + 200);
		expect(() => JSON.parse(lines[0])).not.toThrow();
	});
});

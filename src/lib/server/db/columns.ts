import { customType } from 'drizzle-orm/pg-core';

/**
 * Binary content (photos, scanned documents) as `bytea`: the same column on PGlite and PostgreSQL,
 * no base64 detour. PGlite gives back a Uint8Array and node-postgres a Buffer (a Uint8Array too).
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
	fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value))
});

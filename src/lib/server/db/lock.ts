import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
	readonly code = 'db.data_dir_locked';
	constructor(dataDir: string, pid: number) {
		super(
			`Databasen i ${dataDir} används redan av en annan process (pid ${pid}). ` +
				`Stoppa den (t.ex. servern) innan du kör det här kommandot, eller ange en annan DATA_DIR.`
		);
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * PGlite has no lock between processes: two writers on one directory corrupt it.
 * A lock file with our pid guards the directory; a stale file (dead pid) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
	const lockPath = path.join(path.resolve(dataDir), 'forebygg.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				try {
					if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
				} catch {
					// already gone
				}
			};
			process.once('exit', release);
			return release;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
			if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
				throw new DataDirLockedError(path.resolve(dataDir), holder);
			}
			fs.rmSync(lockPath, { force: true });
		}
	}
	throw new Error(`Kunde inte låsa ${dataDir}`);
}

// Shared by `npm start` and `npm test`: install and build only when needed, so the
// README's two commands work on a fresh clone with nothing installed beforehand.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function run(command, options = {}) {
	execSync(command, { cwd: root, stdio: 'inherit', ...options });
}

export function ensureDependencies() {
	const marker = path.join(root, 'node_modules', '.package-lock.json');
	const lock = path.join(root, 'package-lock.json');
	if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
		console.log('Installerar beroenden (npm ci) …');
		run('npm ci --no-audit --no-fund');
	}
}

function newestMtime(entry) {
	if (!fs.existsSync(entry)) return 0;
	const stat = fs.statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
	return newest;
}

export function ensureBuild() {
	const buildDir = process.env.BUILD_DIR ?? 'build';
	const stamp = path.join(root, buildDir, '.built-at');
	const sources = ['src', 'static', 'package-lock.json', 'svelte.config.js', 'vite.config.ts'].map((p) => path.join(root, p));
	const newestSource = Math.max(...sources.map(newestMtime));
	if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestSource) return;
	console.log('Bygger Förebygg (vite build) …');
	run('npx vite build --logLevel warn');
	fs.writeFileSync(stamp, new Date().toISOString());
}

function hasCommand(command) {
	try {
		execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
		return true;
	} catch {
		return false;
	}
}

/**
 * The programs the tests drive besides Node: Debian's Chromium (browser tests) and LibreOffice
 * (Word → PDF). Installed from Debian's packages when missing and we may (root with apt-get);
 * otherwise the message says what to install.
 */
export function ensureSystemPackages() {
	const missing = [
		{ ok: fs.existsSync('/usr/bin/chromium'), pkg: 'chromium' },
		{ ok: hasCommand('soffice'), pkg: 'libreoffice-writer-nogui' },
		{ ok: hasCommand('pdftotext'), pkg: 'poppler-utils' }
	].filter((p) => !p.ok);
	if (missing.length === 0) return;
	const packages = missing.map((p) => p.pkg).join(' ');
	if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
		console.warn(`Saknas: ${packages}. Installera med: sudo apt-get install ${packages}`);
		return;
	}
	console.log(`Installerar ${packages} från Debians paket …`);
	run('apt-get update -qq');
	run(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages} > /dev/null`);
}

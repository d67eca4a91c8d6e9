// `npm start`: installs and builds when needed, then serves on PORT (3000) with the embedded database.
import { ensureBuild, ensureDependencies, root } from './ensure.mjs';
import path from 'node:path';

const started = performance.now();
ensureDependencies();
ensureBuild();

// adapter-node refuses bodies over 512 KB by default, before the app sees them. Allow the largest
// upload the app accepts (50 MB boundary and crime files, plus the form's own bytes); each route
// still checks its own, smaller limit (20 MB plans and follow-up sheets) with a Swedish message.
process.env.BODY_SIZE_LIMIT ??= '51M';
process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// This machine only unless HOST says otherwise: adapter-node alone listens on every interface
// (0.0.0.0) whatever ORIGIN says. Behind a reverse proxy on the same machine that is all it needs.
process.env.HOST ??= '127.0.0.1';
// Idle keep-alive connections are closed by the client or proxy first, never by us: Node closes
// them after 5 s, and when a busy event loop runs that timer late it runs it before reading the
// request that arrived meanwhile, so the client's request dies with ECONNRESET (issue 11's load test
// lost 15–22 such requests at 200 users on PGlite). nginx and Node's fetch keep idle connections for
// less than this. Headers must be allowed longer than the idle time (Node's rule).
process.env.KEEP_ALIVE_TIMEOUT ??= '65';
process.env.HEADERS_TIMEOUT ??= '66';
// Stop promptly on SIGTERM/SIGINT: open keep-alive connections must not hold the database open.
process.env.SHUTDOWN_TIMEOUT ??= '2';
process.chdir(root);
console.log('Startar Förebygg … (första starten skapar databasen och demodata; loggraderna visar varje steg och dess tid)');
await import(path.join(root, process.env.BUILD_DIR ?? 'build', 'index.js'));

// Said only once the server answers, so "körs" is true when it is printed.
const host = !process.env.HOST || ['0.0.0.0', '::'].includes(process.env.HOST) ? '127.0.0.1' : process.env.HOST;
const healthz = `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT}/healthz`;
for (const until = Date.now() + 300_000; Date.now() < until;) {
	try {
		if ((await fetch(healthz)).ok) break;
	} catch {
		// not listening yet
	}
	await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log(`Förebygg körs på ${process.env.ORIGIN} (startade på ${((performance.now() - started) / 1000).toFixed(1)} s)`);

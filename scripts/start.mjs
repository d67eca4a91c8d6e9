// `npm start`: installs and builds when needed, then serves on PORT (3000) with the embedded database.
import { ensureBuild, ensureDependencies, root } from './ensure.mjs';
import path from 'node:path';

ensureDependencies();
ensureBuild();

process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Stop promptly on SIGTERM/SIGINT: open keep-alive connections must not hold the database open.
process.env.SHUTDOWN_TIMEOUT ??= '2';
// adapter-node refuses bodies over 512 KB by default, before the app sees them. Allow the largest
// upload the app accepts (50 MB boundary and crime files, plus the form's own bytes); each route
// still checks its own, smaller limit (20 MB plans and follow-up sheets) with a Swedish message.
process.env.BODY_SIZE_LIMIT ??= '51M';
process.chdir(root);
await import(path.join(root, 'build', 'index.js'));
console.log(`Förebygg körs på ${process.env.ORIGIN}`);

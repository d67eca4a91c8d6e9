// `npm run bench`: measured figures for the sizes the issues name. Each figure is printed with
// its ratio to a baseline measured in the same run, so machines can be compared.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCHMARKS } from './registry';

const only = process.argv.slice(2);
for (const bench of BENCHMARKS) {
	if (only.length && !only.includes(bench.name)) continue;
	console.log(`\n## ${bench.name}`);
	for (const line of await bench.run({ spawn, fs, os, path })) console.log(line);
}

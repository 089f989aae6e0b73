#!/usr/bin/env node
// `npm run chaos`: the long fault-injection run (see test/unit/reliability/chaosMain.ts): many events
// through the AEP client against the emulator's chaos mode with real Retry-After waits and token
// expiry, then kill -9 / --resume of `moe-aep send` in single and batch mode. Prints a summary.
// Usage: node scripts/chaos.mjs [--events N] [--seed S] [--skip-crash]
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const p = spawn(process.execPath, ['--import', 'tsx', 'test/unit/reliability/chaosMain.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
p.on('close', (code) => process.exit(code ?? 1));

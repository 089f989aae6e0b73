#!/usr/bin/env node
// Playwright UI tests: the packaged .vsix installed into code-server the way a user installs it, Debian's
// Chromium driven by playwright-core (vscode-extension-practice.md §4.2 Step 9). Screenshots of failing tests
// land in test-artifacts/ui/. Usage: node scripts/run-ui.mjs [--grep TEXT]
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './lib/env.mjs';

const argv = process.argv.slice(2);
const grepIdx = argv.indexOf('--grep');
const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', color: false, ...(grepIdx >= 0 ? { grep: argv[grepIdx + 1] } : {}) });
const dir = path.join(repoRoot, 'test', 'ui');
mocha.addFile(path.join(dir, 'fixture.mjs'));
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) mocha.addFile(path.join(dir, f));
await mocha.loadFilesAsync();
const t0 = Date.now();
const stats = await new Promise((resolve) => {
  const runner = mocha.run(() => resolve(runner.stats));
});
console.log(`\nui (playwright): ${stats.passes} passed, ${stats.failures} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(stats.failures > 0 || stats.passes === 0 ? 1 : 0);

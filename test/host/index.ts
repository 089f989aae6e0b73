// Entry of the extension-host suite: the `run()` contract of @vscode/test-electron, so the same suite runs
// inside code-server (URL payload, scripts/run-host.mjs) and inside desktop VS Code (scripts/test-electron.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha') as typeof import('mocha');

export async function run(): Promise<void> {
  const grep = process.env.MOE_AEP_HOST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const dir = __dirname;
  // `*.untrusted.test.js` runs only in the pass that opens the workspace in Restricted Mode (MOE_AEP_UNTRUSTED=1).
  const untrusted = process.env.MOE_AEP_UNTRUSTED === '1';
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort())
    if (f.endsWith('.untrusted.test.js') === untrusted) mocha.addFile(path.join(dir, f));
  const results = { passed: 0, failed: 0, pending: 0, failures: [] as { title: string; error: string }[] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => results.passed++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, err: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
    });
  });
  const out = process.env.MOE_AEP_HOST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`host: ${results.passed} passed, ${results.failed} failed`);
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
  if (results.passed === 0 && !grep && !untrusted) throw new Error('no extension-host test ran');
}

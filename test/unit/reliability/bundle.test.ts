import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, repoRoot } from './cliBundle';

// The CLI is only as reliable as its bundle: every command that reads JSON with jsonc-parser
// (mapping-set JSON, the integration file, payload cursors) must load in the shipped build.
// Found here first: esbuild bundled jsonc-parser's UMD entry and `require("./impl/format")` failed
// at run time; fixed in esbuild.mjs (b8e4b1b) with mainFields ['module', 'main'].
test('esbuild.mjs bundles ESM entries first, so jsonc-parser loads in dist/cli.js and dist/extension.js', () => {
  assert.match(fs.readFileSync(path.join(repoRoot, 'esbuild.mjs'), 'utf8'), /mainFields:\s*\[\s*'module',\s*'main'\s*\]/);
});

test('the bundled CLI converts a mapping-set JSON (jsonc-parser loads at run time)', async () => {
  const r = await runCli(['mapping', 'convert', path.join(repoRoot, 'examples/mapping/moengage-default.mapping.json'), '--to', 'csv']);
  assert.doesNotMatch(r.stderr, /Cannot find module/);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^sourceType,source,destination/);
});

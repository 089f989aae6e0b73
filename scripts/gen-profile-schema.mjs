// Writes schemas/moengage-aep.schema.json from the zod profile (the single definition).
// Usage: node scripts/gen-profile-schema.mjs [--check]   (--check exits 1 if the file is stale)
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The core is CommonJS-flavoured TypeScript (tsconfig module: commonjs), so load it through require.
const mod = createRequire(import.meta.url)(path.join(root, 'src/core/handoff/jsonSchema.ts'));
const text = mod.integrationFileJsonSchemaText();
const out = path.join(root, 'schemas/moengage-aep.schema.json');
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error('schemas/moengage-aep.schema.json is stale; run node scripts/gen-profile-schema.mjs');
    process.exit(1);
  }
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(root, out)}`);
}

/**
 * Streams an NDJSON payload file through the compiled default mapping into XDM envelopes and sends
 * them in batch mode, holding only what is in flight. Prints one JSON line with peak RSS and counts.
 * Run in its own process so the parent's inputs and heap do not count.
 * argv: <file> <inletUrl> <imsOrgId> <repoRoot>
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { createAepClient, type SendItem } from '../../src/core/aep';
import { applyMapping } from '../../src/core/mapping';
import { compileDefaultMapping } from '../cases/transform';

async function main(): Promise<void> {
  const [file, url, imsOrgId, root] = process.argv.slice(2);
  const compiled = compileDefaultMapping(root);
  const client = createAepClient({
    endpoint: url,
    inletKind: 'xdm',
    imsOrgId,
    datasetId: 'bench-dataset',
    schemaRef: 'https://ns.adobe.com/acmemoe/schemas/4f0e1b2c3d4e5f60718293a4b5c6d7e8',
  });
  let peakSampled = 0;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, process.memoryUsage.rss())), 50);
  const t0 = performance.now();
  let lines = 0;
  let transformErrors = 0;
  async function* items(): AsyncGenerator<SendItem> {
    const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line) continue;
      const { xdm, errors } = applyMapping(compiled, JSON.parse(line));
      transformErrors += errors.length;
      yield { index: lines++, body: client.buildXdmEnvelope(xdm) };
    }
  }
  let accepted = 0;
  let failed = 0;
  await client.sendAll(items(), { mode: 'batch', concurrency: 2, onOutcome: (o) => (o.status === 'accepted' ? accepted++ : failed++) });
  await client.close();
  clearInterval(sampler);
  const elapsedMs = performance.now() - t0;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({ events: lines, accepted, failed, transformErrors, elapsedMs, maxRssBytes, peakSampledRssBytes: Math.max(peakSampled, process.memoryUsage.rss()), fileBytes: fs.statSync(file).size }) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

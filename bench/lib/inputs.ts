import * as fs from 'node:fs';
import * as path from 'node:path';
import { batchPayloadText, flatEvent } from './events';
import { seededRandom } from './prng';

/** Bump when the generators change, so cached inputs from an older generator are not reused. */
const GENERATOR_VERSION = 1;

function cached(dir: string, name: string, make: (tmp: string) => void | Promise<void>): Promise<string> | string {
  const file = path.join(dir, `v${GENERATOR_VERSION}-${name}`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const done = () => {
    fs.renameSync(tmp, file); // a killed run never leaves a half-written input behind under the real name
    return file;
  };
  const r = make(tmp);
  return r instanceof Promise ? r.then(done) : done();
}

/** Pretty-printed Shape A batch of `events` events (about 1 KB each). */
export async function payloadFile(dir: string, events: number, seed = 1): Promise<string> {
  return cached(dir, `payload-${events}-s${seed}.moe.json`, (tmp) => fs.writeFileSync(tmp, batchPayloadText(seed, events)));
}

/** NDJSON of flat events (Shape B, one per line), written in chunks so the generator never holds the file. */
export async function ndjsonFile(dir: string, targetBytes: number, seed = 3): Promise<string> {
  return cached(dir, `stream-${targetBytes}-s${seed}.moe.ndjson`, async (tmp) => {
    const rnd = seededRandom(seed);
    const fd = fs.openSync(tmp, 'w');
    try {
      let written = 0;
      let i = 0;
      while (written < targetBytes) {
        let chunk = '';
        while (chunk.length < 4 << 20 && written + chunk.length < targetBytes) chunk += JSON.stringify(flatEvent(rnd, i++)) + '\n';
        fs.writeSync(fd, chunk);
        written += Buffer.byteLength(chunk);
      }
    } finally {
      fs.closeSync(fd);
    }
  });
}

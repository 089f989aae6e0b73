import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StoredEntry } from './types';

/**
 * Every accepted message, in arrival order. Deliberately NOT de-duplicated: DCS de-dup is
 * [UNCONFIRMED] (§1.5), and tests must be able to see a duplicate a client caused.
 */
export class Dataset {
  private entries: StoredEntry[] = [];
  private readonly file?: string;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'dataset.ndjson');
    if (fs.existsSync(this.file)) {
      for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.entries.push(JSON.parse(line) as StoredEntry);
        } catch {
          // A torn last line from a killed emulator: that message was never acknowledged.
        }
      }
    }
  }

  /** Appends synchronously so a record is on disk before its acknowledgement is written. */
  add(batch: StoredEntry[]): void {
    if (!batch.length) return;
    if (this.file) fs.appendFileSync(this.file, batch.map((e) => JSON.stringify(e)).join('\n') + '\n');
    for (const e of batch) this.entries.push(e);
  }

  all(): StoredEntry[] {
    return this.entries.slice();
  }

  size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    if (this.file) fs.writeFileSync(this.file, '');
  }
}

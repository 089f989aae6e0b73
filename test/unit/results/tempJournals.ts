import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { Journal } from '../../../src/core/results/journal';

/**
 * A fresh temp folder per test and every Journal opened in it closed afterwards (an open handle
 * would keep the folder from being removed). Call at the top level of a test file.
 */
export function tempJournals(prefix: string): { dir: () => string; open: (file: string, opts?: ConstructorParameters<typeof Journal>[1]) => Journal } {
  let dir = '';
  const opened: Journal[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const j of opened.splice(0)) await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    open(file, opts) {
      const j = new Journal(file, opts);
      opened.push(j);
      return j;
    },
  };
}

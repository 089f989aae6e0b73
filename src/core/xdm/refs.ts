import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadRef } from './resolve';

/**
 * Resolves `$ref`s of a raw schema (aep-streaming-and-dataprep.md §6.1) against the JSON files in
 * one folder: by their `$id`, else by file name (`…/identitymap` → `identitymap.schema.json`).
 * The folder is scanned once, on the first ref.
 */
export function readRefFromDirectory(dir: string): ReadRef {
  let byId: Map<string, string> | undefined;
  const files: string[] = [];
  const scan = () => {
    byId = new Map();
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.json'));
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      files.push(full);
      try {
        const text = fs.readFileSync(full, 'utf8');
        const m = /"\$id"\s*:\s*"([^"]+)"/.exec(text.slice(0, 4096));
        if (m) byId.set(m[1].replace(/#.*$/, ''), text);
      } catch {
        /* unreadable files simply do not resolve */
      }
    }
  };
  return (ref) => {
    if (!byId) scan();
    const hit = byId!.get(ref);
    if (hit) return hit;
    const base = ref.split(/[/:]/).filter(Boolean).pop()?.toLowerCase();
    const file = base && files.find((f) => path.basename(f).toLowerCase().replace(/(\.schema)?\.json$/, '') === base);
    return file ? fs.readFileSync(file, 'utf8') : undefined;
  };
}

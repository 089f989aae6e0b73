import { compileMapping, readMappingDocument, transformPayload, type CompiledMapping, type TransformResult } from '../mapping';
import { loadXdmSchema, type XdmSchema } from '../xdm';
import { PROGRESS_EVENT, PROGRESS_REQUEST, PROGRESS_ROW, type CachedText, type WorkerRequest } from './protocol';

type TransformRequest = Extract<WorkerRequest, { type: 'transform' }>;

/** Thrown when a request names a text version the worker does not hold (evicted); the client re-sends it. */
export class MissingText extends Error {}

/**
 * The worker side of `transform`: texts, parsed schemas and compiled mappings are kept by key and
 * version so a preview that follows keystrokes pays only for what changed. Bounded: a few documents each.
 */
export class TransformCache {
  private readonly texts = new Map<string, { version: string; text: string }>();
  private readonly schemas = new Map<string, XdmSchema>();
  private readonly compiled = new Map<string, CompiledMapping>();
  private progress?: Int32Array;
  // Row/event tracking for the progress cells; reset for every request.
  private lastRow = -1;
  private event = 0;

  setProgress(buf: SharedArrayBuffer): void {
    this.progress = new Int32Array(buf);
  }

  run(msg: TransformRequest): TransformResult {
    const payload = this.text('p:', msg.payload);
    const mapping = this.text('m:', msg.mapping);
    const schema = msg.schema ? this.schema(msg.schema) : undefined;
    const ckey = `${msg.mapping.key}@${msg.mapping.version}|${msg.schema ? `${msg.schema.key}@${msg.schema.version}` : ''}`;
    let compiled = this.compiled.get(ckey);
    if (!compiled) {
      compiled = this.instrument(compileMapping(readMappingDocument(mapping, msg.mapping.fileName), { schema }));
      remember(this.compiled, ckey, compiled, 4);
    }
    this.lastRow = -1;
    this.event = 0;
    if (this.progress) {
      this.progress[PROGRESS_REQUEST] = msg.id;
      this.progress[PROGRESS_ROW] = -1;
      this.progress[PROGRESS_EVENT] = 0;
    }
    return transformPayload(payload, compiled, schema);
  }

  forget(key: string): void {
    for (const prefix of ['p:', 'm:', 's:']) this.texts.delete(prefix + key);
  }

  private text(prefix: string, t: CachedText): string {
    const slot = prefix + t.key;
    if (t.text !== undefined) {
      // Re-insert so the Map's order is most-recently-used last.
      this.texts.delete(slot);
      remember(this.texts, slot, { version: t.version, text: t.text }, 8);
      return t.text;
    }
    const held = this.texts.get(slot);
    if (!held || held.version !== t.version) throw new MissingText(`${slot} ${t.version}`);
    return held.text;
  }

  private schema(t: CachedText): XdmSchema {
    const k = `${t.key}@${t.version}`;
    let s = this.schemas.get(k);
    if (!s) {
      // The host sends the resolved root, so no $ref reading is needed here.
      s = loadXdmSchema(this.text('s:', t), { fileName: t.key });
      remember(this.schemas, k, s, 2);
    } else if (t.text === undefined) this.text('s:', t);
    return s;
  }

  /**
   * Notes the row (and event) about to run in shared memory, so that when the host has to stop a
   * stuck transform it can still say which row was running: the worker itself cannot answer then.
   */
  private instrument(compiled: CompiledMapping): CompiledMapping {
    for (const c of compiled.rows) {
      const read = c.read;
      if (!read) continue;
      const row = c.row.index;
      c.read = (record, ctx) => {
        if (row <= this.lastRow) this.event++;
        this.lastRow = row;
        if (this.progress) {
          this.progress[PROGRESS_ROW] = row;
          this.progress[PROGRESS_EVENT] = this.event;
        }
        return read(record, ctx);
      };
    }
    return compiled;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as string);
}

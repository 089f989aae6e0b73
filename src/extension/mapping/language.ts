import * as vscode from 'vscode';
import { functionCatalog, type FunctionInfo } from '../../core/dataprep';
import { callAt, formatPath, mappingCellAt, parsePath, wordAt, type PathSegment } from '../../core/mapping';
import type { XdmField } from '../../core/xdm';
import type { MappingWorkspace } from './workspace';

export const MAPPING_SELECTOR: vscode.DocumentSelector = [
  { language: 'moe-mapping-csv' },
  { pattern: '**/*.mapping.csv' },
  { pattern: '**/*.mapping.json' },
];

function fnDoc(f: FunctionInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendCodeblock(f.signatures.join('\n'), 'javascript');
  md.appendMarkdown(`${f.description}\n\n`);
  if (f.example) md.appendMarkdown(`Example: \`${f.example}\`\n\n`);
  if (f.availability !== 'available') md.appendMarkdown(`**Not available in streaming source mappings** (${f.availability}).\n\n`);
  md.appendMarkdown(`_${f.category} — ${f.reference}_`);
  return md;
}

function fieldDoc(f: XdmField): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${f.title ?? f.name}** \`${f.path}\` — XDM \`${f.xdmType}\`${f.format ? ` (${f.format})` : ''}${f.required ? ', **required**' : ''}\n\n`);
  if (f.description) md.appendMarkdown(`${f.description}\n\n`);
  if (f.enum) md.appendMarkdown(`Allowed values: ${f.enum.map((v) => `\`${String(v)}\``).join(', ')}\n\n`);
  if (f.metaEnum) md.appendMarkdown(`Suggested values (extensible): ${Object.keys(f.metaEnum).slice(0, 20).map((v) => `\`${v}\``).join(', ')}\n\n`);
  if (f.xdmField) md.appendMarkdown(`XDM name: \`${f.xdmField}\``);
  return md;
}

function lookupFn(name: string): FunctionInfo | undefined {
  const direct = functionCatalog.get(name);
  if (direct) return direct;
  for (const f of functionCatalog.values()) if (f.aliases?.includes(name)) return f;
  return undefined;
}

/** Destination paths for completion: map keys become a namespace placeholder (`identityMap.Email[0].id`). */
function destinationCandidates(fields: Iterable<XdmField>, namespaces: string[]): Array<{ label: string; field: XdmField }> {
  const out: Array<{ label: string; field: XdmField }> = [];
  for (const f of fields) {
    if (f.path.includes('*')) {
      if (!f.path.startsWith('identityMap.*')) continue;
      for (const ns of namespaces) out.push({ label: f.path.replace('identityMap.*', `identityMap.${ns}`).replace(/\[\*\]/g, '[0]'), field: f });
    } else out.push({ label: f.path, field: f });
  }
  return out;
}

function sourcePaths(samples: Record<string, unknown>[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, segs: PathSegment[]) => {
    if (segs.length) {
      const key = formatPath(segs);
      if (!out.has(key)) out.set(key, v);
      if (out.size > 2000) return;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, c] of Object.entries(v)) walk(c, [...segs, { kind: 'key', name: k }]);
  };
  for (const s of samples) walk(s, []);
  return out;
}

export function addLanguageFeatures(context: vscode.ExtensionContext, ws: MappingWorkspace): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      MAPPING_SELECTOR,
      {
        async provideCompletionItems(doc, pos) {
          const cell = mappingCellAt(doc.getText(), doc.uri.path, doc.offsetAt(pos));
          if (!cell) return undefined;
          const items: vscode.CompletionItem[] = [];
          const startOfCell = doc.positionAt(cell.span.contentStart);
          const endOfValue = doc.positionAt(cell.span.contentStart + cell.value.length + (cell.span.escapes?.reduce((n, [, e]) => n + e, 0) ?? 0));
          if (cell.column === 'destination') {
            const { schema } = await ws.schema();
            if (!schema) return undefined;
            const namespaces = new Set(['Email', 'Phone', 'ECID']);
            for (const d of vscode.workspace.textDocuments)
              for (const m of d.getText().matchAll(/identityMap\.([A-Za-z0-9_]+)/g)) namespaces.add(m[1]);
            const integ = await ws.integration();
            const env = integ?.env as Record<string, unknown> | undefined;
            for (const k of ['primaryIdentity', 'moengageUserIdNamespace']) if (typeof env?.[k] === 'string') namespaces.add(env[k] as string);
            for (const ns of (env?.secondaryIdentities as string[] | undefined) ?? []) namespaces.add(ns);
            for (const { label, field } of destinationCandidates(schema.fields.values(), [...namespaces])) {
              const it = new vscode.CompletionItem(label, field.xdmType === 'object' || field.xdmType === 'map' ? vscode.CompletionItemKind.Module : vscode.CompletionItemKind.Field);
              it.detail = `XDM ${field.xdmType}${field.required ? ' (required)' : ''}`;
              it.documentation = fieldDoc(field);
              it.range = new vscode.Range(startOfCell, endOfValue);
              it.sortText = (field.required ? '0' : '1') + label;
              items.push(it);
            }
            return items;
          }
          if (cell.column === 'sourceType') {
            return ['ATTRIBUTE', 'EXPRESSION', 'STATIC'].map((t) => {
              const it = new vscode.CompletionItem(t, vscode.CompletionItemKind.EnumMember);
              it.range = new vscode.Range(startOfCell, endOfValue);
              return it;
            });
          }
          if (cell.column !== 'source') return undefined;
          // Replace only the word being typed inside the expression.
          const before = cell.value.slice(0, cell.valueIndex);
          const word = /[\w$@.[\]*]*$/.exec(before)![0];
          const wordStart = doc.positionAt(cell.span.contentStart + cell.valueIndex - word.length);
          const range = new vscode.Range(wordStart, pos);
          for (const [path, sample] of sourcePaths(await ws.samples())) {
            const it = new vscode.CompletionItem(path, vscode.CompletionItemKind.Variable);
            it.detail = `payload field: ${Array.isArray(sample) ? 'array' : sample === null ? 'null' : typeof sample}`;
            if (sample !== null && typeof sample !== 'object') it.documentation = `Example: ${JSON.stringify(sample)}`;
            it.range = range;
            items.push(it);
          }
          if (cell.sourceType?.toUpperCase() !== 'ATTRIBUTE') {
            for (const f of functionCatalog.values()) {
              if (f.availability !== 'available') continue;
              const it = new vscode.CompletionItem(f.name, vscode.CompletionItemKind.Function);
              it.detail = f.signatures[0];
              it.documentation = fnDoc(f);
              it.insertText = new vscode.SnippetString(`${f.name}($0)`);
              it.command = { command: 'editor.action.triggerParameterHints', title: '' };
              it.range = range;
              items.push(it);
            }
          }
          return items;
        },
      },
      '.',
      '(',
      ',',
    ),
    vscode.languages.registerSignatureHelpProvider(
      MAPPING_SELECTOR,
      {
        provideSignatureHelp(doc, pos) {
          const cell = mappingCellAt(doc.getText(), doc.uri.path, doc.offsetAt(pos));
          if (!cell || cell.column !== 'source') return undefined;
          const call = callAt(cell.value, cell.valueIndex);
          const f = call && lookupFn(call.name);
          if (!call || !f) return undefined;
          const help = new vscode.SignatureHelp();
          help.signatures = f.signatures.map((s) => {
            const sig = new vscode.SignatureInformation(s, fnDoc(f));
            const inner = /\((.*)\)/.exec(s)?.[1] ?? '';
            sig.parameters = inner ? inner.split(',').map((p) => new vscode.ParameterInformation(p.trim())) : [];
            return sig;
          });
          const fits = help.signatures.findIndex((s) => s.parameters.length > call.argIndex || /\.\.\.|…/.test(s.label));
          help.activeSignature = Math.max(0, fits);
          help.activeParameter = Math.min(call.argIndex, Math.max(0, (help.signatures[help.activeSignature]?.parameters.length ?? 1) - 1));
          return help;
        },
      },
      '(',
      ',',
    ),
    vscode.languages.registerHoverProvider(MAPPING_SELECTOR, {
      async provideHover(doc, pos) {
        const cell = mappingCellAt(doc.getText(), doc.uri.path, doc.offsetAt(pos));
        if (!cell) return undefined;
        if (cell.column === 'destination') {
          const { schema } = await ws.schema();
          const field = schema?.findField(cell.value.trim());
          if (!field) return undefined;
          return new vscode.Hover(fieldDoc(field), new vscode.Range(doc.positionAt(cell.span.start), doc.positionAt(cell.span.end)));
        }
        if (cell.column !== 'source') return undefined;
        const w = wordAt(cell.value, cell.valueIndex);
        if (!w) return undefined;
        const range = new vscode.Range(doc.positionAt(cell.span.contentStart + w.start), doc.positionAt(cell.span.contentStart + w.end));
        const f = w.isCall ? lookupFn(w.text) : undefined;
        if (f) return new vscode.Hover(fnDoc(f), range);
        if (parsePath(w.text).error) return undefined;
        const sample = sourcePaths(await ws.samples()).get(formatPath(parsePath(w.text).segments));
        if (sample === undefined) return undefined;
        return new vscode.Hover(new vscode.MarkdownString(`Payload field \`${w.text}\` — example: \`${JSON.stringify(sample)?.slice(0, 200)}\``), range);
      },
    }),
  );
}

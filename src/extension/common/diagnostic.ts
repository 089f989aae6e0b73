import * as vscode from 'vscode';
import type { CoreDiagnostic, Range as CoreRange, Severity } from '../../core/diagnostics';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * The one conversion from the core's diagnostic shape to VS Code's. It keeps the core diagnostic, so code action
 * providers offer the core's `fixes` (matched by `code`, as in code-actions-sample).
 */
export class CoreBackedDiagnostic extends vscode.Diagnostic {
  constructor(
    readonly core: CoreDiagnostic,
    source: string,
  ) {
    super(toRange(core.range), core.message, SEVERITY[core.severity]);
    this.code = core.code;
    this.source = source;
  }
}

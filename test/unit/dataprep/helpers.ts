import { compileExpression, toXdmValue, type EvalContext, type ExprError } from '../../../src/core/dataprep';

/** Evaluates and converts to the JSON that would be written into XDM. */
export function ev(expr: string, record: unknown = {}, ctx?: EvalContext): unknown {
  const c = compileExpression(expr);
  if (c.errors.length) throw new Error(`unexpected static errors for ${expr}: ${JSON.stringify(c.errors)}`);
  return toXdmValue(c.evaluate(record, ctx));
}

export function errs(expr: string): ExprError[] {
  return compileExpression(expr).errors;
}

/** The runtime error (code + located span) an evaluation throws. */
export function evalError(expr: string, record: unknown = {}): { code: string; message: string; start: number; end: number } {
  const c = compileExpression(expr);
  if (c.errors.length) throw new Error(`static errors: ${JSON.stringify(c.errors)}`);
  try {
    c.evaluate(record);
  } catch (e) {
    const x = e as { code: string; message: string; start: number; end: number; name: string };
    if (x.name !== 'DataPrepEvalError') throw e;
    return { code: x.code, message: x.message, start: x.start, end: x.end };
  }
  throw new Error(`expected ${expr} to fail`);
}

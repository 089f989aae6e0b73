import type { EvalContext, FunctionInfo } from '../types';

/** What an implementation may use at run time; built once per evaluate() call. */
export interface Runtime {
  ctx: EvalContext;
  now(): Date;
}

export type Impl = (args: unknown[], rt: Runtime) => unknown;

/** A compiled sub-expression. */
export type Evaluator = (record: unknown, rt: Runtime) => unknown;

export interface FunctionDef {
  info: FunctionInfo;
  impl?: Impl;
  /**
   * Arguments are passed as thunks and evaluated on demand (iif, coalesce, decode): a failing
   * branch that is not taken must not null the attribute.
   */
  lazy?: (args: readonly Evaluator[], record: unknown, rt: Runtime) => unknown;
  /** Extra compile-time check on the argument count (pairs, parity); returns the problem or null. */
  checkArgCount?: (n: number) => string | null;
}

const SRC = 'aep-streaming-and-dataprep.md §5.2';

/** Compact declaration helper: `sig` is the documented signature list; arity comes from min/max. */
export function fn(
  name: string,
  category: string,
  arity: [number, number],
  signatures: string[],
  returns: string,
  description: string,
  impl: Impl | undefined,
  extra: Partial<FunctionInfo> & { lazy?: FunctionDef['lazy']; checkArgCount?: FunctionDef['checkArgCount'] } = {},
): FunctionDef {
  const { lazy, checkArgCount, ...rest } = extra;
  return {
    info: { name, category, signatures, minArgs: arity[0], maxArgs: arity[1], description, returns, availability: 'available', reference: SRC, ...rest },
    impl,
    lazy,
    checkArgCount,
  };
}

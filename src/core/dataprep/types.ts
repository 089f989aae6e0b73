/**
 * Public shapes of the Data Prep expression engine. Offsets are UTF-16 offsets into the
 * expression text; callers that embed an expression in a larger document (a CSV cell, a JSON
 * string) add their own base offset and turn it into positions with LineIndex.
 */
export interface ExprError {
  code: string;
  message: string;
  start: number;
  end: number;
}

/** A source field the expression reads. `path` segments are unescaped; array indexes are decimal strings, `[*]` is `*`. */
export interface FieldRef {
  path: string[];
  text: string;
  start: number;
  end: number;
}

export interface CallRef {
  name: string;
  start: number;
  end: number;
  argCount: number;
}

export interface EvalContext {
  /** Clock for now()/timestamp(); tests and `moe-aep eval --now` pin it. */
  now?: () => Date;
  uuid?: () => string;
  /** IANA zone used where a function needs a "local" zone; UTC when absent. */
  timeZone?: string;
}

export interface CompiledExpression {
  /** Syntax and static errors. When non-empty, evaluate() throws the first one. */
  errors: ExprError[];
  fieldRefs: FieldRef[];
  calls: CallRef[];
  evaluate(record: unknown, ctx?: EvalContext): unknown;
}

export type Availability = 'available' | 'destination-only' | 'analytics-only' | 'profile-update-only';

export interface FunctionInfo {
  name: string;
  aliases?: string[];
  category: string;
  signatures: string[];
  minArgs: number;
  /** Infinity for varargs. */
  maxArgs: number;
  description: string;
  example?: string;
  returns: string;
  availability: Availability;
  /** Where the behaviour comes from, e.g. `aep-streaming-and-dataprep.md §5.2`. */
  reference: string;
}

/** A runtime transformation error; the mapping layer turns it into "attribute becomes null, rest of row kept" (§5.1 home.md rule). */
export class DataPrepEvalError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'DataPrepEvalError';
  }
}

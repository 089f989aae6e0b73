/** Expression AST. Every node carries the source offsets it was parsed from, so errors land on exact characters. */
interface Span {
  start: number;
  end: number;
}

export interface LiteralNode extends Span {
  type: 'Literal';
  value: string | number | boolean | null;
  /** A number written with a fraction or exponent (`2.0`): JEXL keeps it a double, so `/` does not truncate. */
  float?: boolean;
}
export interface FieldNode extends Span {
  type: 'Field';
  path: string[];
  text: string;
  /** A lambda parameter (`x` in `x -> x.price`), not a source field. */
  local?: boolean;
}
export interface ArrayNode extends Span {
  type: 'Array';
  elements: Node[];
}
export interface CallNode extends Span {
  type: 'Call';
  name: string;
  nameStart: number;
  nameEnd: number;
  args: Node[];
}
/** `target.name(args)` — Java-style methods such as equalsIgnoreCase and Map.get (§5.1, §5.2 str_to_object). */
export interface MethodNode extends Span {
  type: 'Method';
  target: Node;
  name: string;
  nameStart: number;
  nameEnd: number;
  args: Node[];
}
/** `target[index]` or `target.name` applied to a computed value (e.g. `json_to_object(s).a`). */
export interface MemberNode extends Span {
  type: 'Member';
  target: Node;
  key: Node;
}
export interface UnaryNode extends Span {
  type: 'Unary';
  op: '-' | '!' | '~' | '+';
  operand: Node;
}
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||' | '=~' | '!~' | '&' | '|' | '^';
export interface BinaryNode extends Span {
  type: 'Binary';
  op: BinaryOp;
  opStart: number;
  left: Node;
  right: Node;
}
/** `a ? b : c`, and the elvis form `a ?: c` (consequent null). */
export interface ConditionalNode extends Span {
  type: 'Conditional';
  test: Node;
  consequent: Node | null;
  alternate: Node;
}
/** `x -> expr` / `(x, y) -> expr`; only meaningful for destination-only filterArray/transformArray (§5.2 †). */
export interface LambdaNode extends Span {
  type: 'Lambda';
  params: string[];
  body: Node;
}

export type Node =
  | LiteralNode
  | FieldNode
  | ArrayNode
  | CallNode
  | MethodNode
  | MemberNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | LambdaNode;

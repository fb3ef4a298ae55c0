// Parse-tree helpers of the Trino→DuckDB translation: finding a node of some kind through the expression
// wrappers (a lone child), Trino's `U&'…'` Unicode literals turned into plain literals, and the translation's error.
import type { ParserRuleContext, ParseTree, TerminalNode } from 'antlr4ng';
import type { Grammar } from './parse.js';

/** A construct the translation refuses or a name it cannot resolve; `offset` is 0-based into the query text. */
export class TranslateError extends Error {
  constructor(
    readonly code: 'NOT_SUPPORTED' | 'FUNCTION_NOT_FOUND' | 'INVALID_FUNCTION_ARGUMENT' | 'INVALID_INPUT' | 'SYNTAX_ERROR',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Trino's `U&'…'` literal (escapes `\XXXX` and `\+XXXXXX`, or the UESCAPE character) as a plain literal. */
export function unicodeLiteral(token: string, uescape: string | undefined, at: number): string {
  const body = token.slice(3, -1).replace(/''/g, "'");
  const esc = uescape ? uescape.slice(1, -1) : '\\';
  if (esc.length !== 1 || /[0-9a-fA-F+'"\s]/.test(esc)) throw new TranslateError('SYNTAX_ERROR', `Invalid Unicode escape character: ${esc}`, at);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== esc) {
      out += body[i];
      continue;
    }
    if (body[i + 1] === esc) {
      out += esc;
      i++;
      continue;
    }
    const long = body[i + 1] === '+';
    const hex = body.slice(i + (long ? 2 : 1), i + (long ? 8 : 5));
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (long ? 6 : 4) || parseInt(hex, 16) > 0x10ffff) {
      throw new TranslateError('SYNTAX_ERROR', `Invalid Unicode escape sequence in ${token}`, at);
    }
    out += String.fromCodePoint(parseInt(hex, 16));
    i += long ? 7 : 4;
  }
  return `'${out.replace(/'/g, "''")}'`;
}

/** Is this operand a node of the given kind (through the expression wrappers)? */
export function findNode(node: ParseTree, kind: abstract new (...args: never[]) => unknown): boolean {
  if (node instanceof kind) return true;
  return node.getChildCount() === 1 ? findNode(node.getChild(0)!, kind) : false;
}

/** Is this operand an interval literal (through the expression wrappers)? */
export function findInterval(node: ParseTree, G: Grammar): boolean {
  if (node instanceof G.IntervalLiteralContext) return true;
  return node.getChildCount() === 1 ? findInterval(node.getChild(0)!, G) : false;
}

export function isTerminal(node: ParseTree): node is TerminalNode {
  return (node as TerminalNode).symbol !== undefined && (node as ParserRuleContext).children === undefined;
}

/** The lambda an argument expression consists of, if it is one (through the expression wrappers). */
export function findLambda(node: ParseTree, G: Grammar): InstanceType<Grammar['LambdaContext']> | undefined {
  if (node instanceof G.LambdaContext) return node;
  return node.getChildCount() === 1 ? findLambda(node.getChild(0)!, G) : undefined;
}

export function findRow(node: ParseTree, G: Grammar): InstanceType<Grammar['RowConstructorContext']> | undefined {
  if (node instanceof G.RowConstructorContext) return node;
  return node.getChildCount() === 1 ? findRow(node.getChild(0)!, G) : undefined;
}

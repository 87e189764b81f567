import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A string or template literal in source code: where it is, its text, and its syntax node. */
export interface Literal {
  file: string;
  line: number;
  text: string;
  node: ts.Node;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

const textOf = (node: ts.Node): string | undefined => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
};

/** Every string and template literal (a template's parts joined by spaces) in the .ts files under `root` that `skip` does not exclude, parsed with the TypeScript compiler. */
export function literalsUnder(root: string, skip: (file: string) => boolean = () => false): Literal[] {
  const found: Literal[] = [];
  for (const file of filesUnder(root).filter((f) => !skip(f))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const text = textOf(node);
      if (text !== undefined)
        found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, node });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The name of the function or method a literal is the first argument of (`query` for `db.query('...')`), if it is one. */
export function calleeOf(literal: Literal): string | undefined {
  const call = literal.node.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== literal.node) return undefined;
  if (ts.isPropertyAccessExpression(call.expression)) return call.expression.name.text;
  return ts.isIdentifier(call.expression) ? call.expression.text : undefined;
}

/** The property a literal is the value of (`signal` for `{ signal: '...' }`), if it is one. */
export function propertyOf(literal: Literal): string | undefined {
  const assignment = literal.node.parent;
  return assignment && ts.isPropertyAssignment(assignment) && ts.isIdentifier(assignment.name)
    ? assignment.name.text
    : undefined;
}

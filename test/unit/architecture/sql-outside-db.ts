import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A piece of SQL found in source code: the file, the line and the start of the text. */
export interface SqlSighting { file: string; line: number; text: string }

// A statement: a SQL verb at the start, and a clause word that only SQL puts after it.
const STATEMENT = /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|listen|notify)\b[\s\S]*\b(from|into|set|table|where|returning|values|as|index)\b/i;
const BARE_SELECT = /^\s*select\s+\d/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

const textOf = (node: ts.Node): string | undefined => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
};

/** Every string or template literal that reads as a SQL statement, and every `.query(`/`.exec(` given literal text, in the .ts files under `root` outside `allowed`. */
export function sqlOutside(root: string, allowed: (file: string) => boolean): SqlSighting[] {
  const found: SqlSighting[] = [];
  for (const file of filesUnder(root).filter((f) => !allowed(f))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const text = textOf(node);
      const queried = text !== undefined && ts.isCallExpression(node.parent) && node.parent.arguments[0] === node
        && ts.isPropertyAccessExpression(node.parent.expression) && ['query', 'exec'].includes(node.parent.expression.name.text);
      if (text !== undefined && (STATEMENT.test(text) || BARE_SELECT.test(text) || queried)) {
        found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.slice(0, 60) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

import { cruise, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The editor's imports run one way: main -> shell -> pages -> features (canvas, inspector, save, ...)
// -> the journey document -> navigation and the API client. dependency-cruiser reads the real imports
// (static and lazy) of every file under editor/src; these rules say which way they may point.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const src = '^editor/src/';
const documentAndBelow = `${src}(journey|navigation|api)/`;

const rules: IForbiddenRuleType[] = [
  {
    name: 'shell-on-top',
    severity: 'error',
    comment: 'only main.tsx mounts the app shell',
    from: { pathNot: `${src}(main\\.tsx|shell/)` },
    to: { path: `${src}shell/` },
  },
  {
    name: 'pages-on-top',
    severity: 'error',
    comment: 'pages are used by the shell only',
    from: { pathNot: `${src}(main\\.tsx|shell/|pages/)` },
    to: { path: `${src}pages/` },
  },
  {
    name: 'document-below-features',
    severity: 'error',
    comment: 'the journey document, navigation and the API client know no feature',
    from: { path: documentAndBelow },
    to: { path: src, pathNot: documentAndBelow },
  },
  {
    name: 'navigation-and-api-at-the-bottom',
    severity: 'error',
    comment: 'navigation and the API client know no journey',
    from: { path: `${src}(navigation|api)/` },
    to: { path: `${src}journey/` },
  },
  {
    name: 'no-import-cycles',
    severity: 'error',
    comment: 'a file never imports itself through others',
    from: {},
    to: { circular: true },
  },
];

/** "from -> to (rule)", one line per violation, for a readable failure. */
const describeViolation = (v: IViolation): string =>
  `${v.from} -> ${v.to} (${v.rule.name})${v.cycle ? `: ${v.cycle.map((c) => c.name).join(' -> ')}` : ''}`;

describe("the editor's import layers", () => {
  it('runs imports downward only and has no import cycle', async () => {
    const result = await cruise(['editor/src'], {
      baseDir: repoRoot,
      includeOnly: src,
      tsPreCompilationDeps: true,
      ruleSet: { forbidden: rules },
      validate: true,
    });
    if (typeof result.output === 'string') throw new Error(`dependency-cruiser answered text: ${result.output}`);
    const { modules, summary } = result.output;
    // The check is only worth something if it read the tree: the shell, a page and the store are among the files.
    const files = modules.map((m) => m.source);
    expect(files).toEqual(
      expect.arrayContaining([
        'editor/src/shell/App.tsx',
        'editor/src/pages/JourneyPage.tsx',
        'editor/src/journey/store.ts',
      ]),
    );
    expect(modules.find((m) => m.source === 'editor/src/shell/App.tsx')?.dependencies.map((d) => d.resolved)).toContain(
      'editor/src/pages/JourneyPage.tsx',
    );
    expect(summary.violations.map(describeViolation)).toEqual([]);
  }, 60_000);
});

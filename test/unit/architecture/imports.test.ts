import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EVENT_SIGNAL,
  JOURNEY_WORKFLOW,
  PROGRESS_QUERY,
  DEFAULT_TASK_QUEUE,
} from '../../../engine/src/temporal/contract.ts';
import { brokenImportRules, type BrokenRule } from './import-graph.ts';
import { calleeOf, literalsUnder, propertyOf, type Literal } from './literals.ts';

// The engine's layers, lowest first: a folder may import the ones before it, never one after it.
const layers = ['model', 'interpreter', 'nodes', 'compiler'];

const shown = (broken: BrokenRule[]) =>
  broken.map((b) => `${b.rule}: ${b.from} -> ${b.to}${b.loop.length ? ` (${b.loop.join(' > ')})` : ''}`);

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const engine = `${repo}engine/src/`;
const where = (l: Literal) => `${l.file.slice(repo.length)}:${l.line} ${JSON.stringify(l.text.slice(0, 60))}`;

describe('the import graph', () => {
  it('has no circle of files in engine/src or workflows/src', async () => {
    const broken = await brokenImportRules(
      ['engine/src', 'workflows/src'],
      [{ name: 'no-file-circle', severity: 'error', from: {}, to: { circular: true } }],
    );
    expect(shown(broken)).toEqual([]);
  }, 60_000);

  it('has no loop between two folders of engine/src, directly or round other folders', async () => {
    const broken = await brokenImportRules(
      ['engine/src'],
      [{ name: 'no-folder-loop', severity: 'error', scope: 'folder', from: {}, to: { circular: true } }],
    );
    expect(shown(broken)).toEqual([]);
  }, 60_000);

  it('keeps model, interpreter, nodes and compiler in layers: none imports a folder above it', async () => {
    const rules = layers.slice(0, -1).map((layer, i) => ({
      name: `${layer}-below-${layers.slice(i + 1).join('-')}`,
      severity: 'error' as const,
      from: { path: `^engine/src/${layer}/` },
      to: { path: `^engine/src/(${layers.slice(i + 1).join('|')})/` },
    }));
    // The model is the floor: it imports nothing else of the engine.
    rules.push({
      name: 'model-imports-no-engine-folder',
      severity: 'error',
      from: { path: '^engine/src/model/' },
      to: { path: '^engine/src/(?!model/)' },
    });
    const broken = await brokenImportRules(['engine/src'], rules);
    expect(shown(broken)).toEqual([]);
  }, 60_000);
});

// A statement: a SQL verb at the start, and a clause word that only SQL puts after it; or `select <number>`.
const SQL =
  /^\s*((select|insert|update|delete|with|create|alter|drop|truncate)\b[\s\S]*\b(from|into|set|table|where|returning|values|as|index)\b|select\s+\d)/i;

describe('the database', () => {
  it('is reached through engine/src/db only: no SQL anywhere else in engine/src', () => {
    const sql = literalsUnder(engine, (file) => file.startsWith(`${engine}db/`)).filter(
      (l) => SQL.test(l.text) || calleeOf(l) === 'query' || calleeOf(l) === 'exec',
    );
    expect(sql.map(where)).toEqual([]);
  });
});

describe('the Temporal contract', () => {
  it('is the only place that spells the workflow type, signal, query and task queue names', () => {
    const contract = `${engine}temporal/contract.ts`;
    const distinct = new Set([JOURNEY_WORKFLOW, PROGRESS_QUERY, DEFAULT_TASK_QUEUE]);
    // "event" is an everyday word in this code base: it counts only where Temporal takes a name.
    const temporalPlaces = new Set([
      'defineSignal',
      'defineQuery',
      'signal',
      'query',
      'signalWithStart',
      'start',
      'execute',
      'getHandle',
    ]);
    const named = (l: Literal) =>
      distinct.has(l.text) ||
      (l.text === EVENT_SIGNAL &&
        (temporalPlaces.has(calleeOf(l) ?? '') ||
          ['signal', 'signalName', 'workflowType', 'taskQueue'].includes(propertyOf(l) ?? '')));
    const found = [
      ...literalsUnder(engine, (file) => file === contract),
      ...literalsUnder(`${repo}workflows/src/`),
    ].filter(named);
    expect(found.map(where)).toEqual([]);
  });
});

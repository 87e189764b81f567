import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackage, repoRoot, toolsDir } from '../../engine/bin/tools.mjs';

// Installs the official Segment client libraries the compatibility tests run, from the package
// registries into the git-ignored tools folder (Python: a venv; Java: Maven's own ~/.m2 cache), once.

const fixtures = join(repoRoot, 'test/fixtures/clients');
const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

/** A venv with test/fixtures/clients/python/requirements.txt installed; returns its python. */
export function pythonWithSegment(): string {
  const requirements = join(fixtures, 'python/requirements.txt');
  const venv = join(toolsDir, `segment-python-${digest(requirements)}`);
  const python = join(venv, 'bin/python');
  const done = join(venv, '.installed');
  if (!existsSync(done)) {
    ensureDebianPackage(
      'python3-venv',
      () => runs('python3', ['-m', 'venv', '--help']) && runs('python3', ['-m', 'ensurepip', '--version']),
    );
    mkdirSync(toolsDir, { recursive: true });
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], {
      stdio: 'inherit',
    });
    writeFileSync(done, '');
  }
  return python;
}

/** The classpath of analytics-java (test/fixtures/clients/java/pom.xml), fetched by Maven. */
export function javaSegmentClasspath(): string {
  const pom = join(fixtures, 'java/pom.xml');
  const file = join(toolsDir, `segment-java-${digest(pom)}.classpath`);
  if (!existsSync(file)) {
    ensureDebianPackage('default-jdk-headless', () => runs('javac', ['-version']));
    ensureDebianPackage('maven', () => runs('mvn', ['-v']));
    mkdirSync(toolsDir, { recursive: true });
    execFileSync('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], {
      stdio: 'inherit',
    });
  }
  return readFileSync(file, 'utf8').trim();
}

/** How to run each client program: its command and arguments. */
export const clientCommands = {
  node: () => [process.execPath, join(fixtures, 'node/client.mjs')],
  rudderstack: () => [process.execPath, join(fixtures, 'rudderstack/client.mjs')],
  python: () => [pythonWithSegment(), join(fixtures, 'python/client.py')],
  java: () => ['java', '-cp', javaSegmentClasspath(), join(fixtures, 'java/Client.java')],
} satisfies Record<string, () => string[]>;

/** Runs a client program to its end with the stack's URL, write key and a run prefix; rejects with its output on failure. */
export function runClient(
  command: string[],
  env: { BOOMERANG_URL: string; WRITE_KEY: string; RUN: string },
  timeoutMs = 120_000,
): Promise<string> {
  const [file, ...args] = command;
  if (!file) throw new Error('empty command');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

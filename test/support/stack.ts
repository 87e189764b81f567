import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { freeDevServerPort, freePort } from './ports.ts';

/** A `boomerang start` process, as a user runs it, with its own data dir and ports. */
export interface StackProcess {
  url: string;
  env: Record<string, string>;
  /** The process id (for CPU and memory readings). */
  pid: number | undefined;
  output: () => string;
  /** Whether the process is still running (false once it has exited, e.g. after a crash). */
  running: () => boolean;
  /** Stops it the hard way (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Stops it with SIGTERM and waits for a clean exit. */
  stop(): Promise<number | null>;
}

/** Everything a stack needs that should survive a restart: data dir, ports and keys. */
export async function stackEnv(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'boomerang-e2e-')),
    PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freeDevServerPort()),
    WRITE_KEY: 'wk_test_write_key',
    ADMIN_TOKEN: 'adm_test_admin_token',
    ...overrides,
  };
}

/** Runs `npm start`'s command (`tsx engine/src/cli/main.ts start`, or another `boomerang` command) and resolves once it prints "Boomerang ready". */
export async function startStack(
  env: Record<string, string>,
  timeoutMs = 120_000,
  command = 'start',
): Promise<StackProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'engine/src/cli/main.ts'), command],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`boomerang did not get ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Boomerang ready:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`boomerang exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${env.PORT}`,
    env,
    pid: child.pid,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

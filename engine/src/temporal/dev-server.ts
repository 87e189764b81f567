import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { installPaths } from '../install/index.ts';
import { findTemporalCli } from './cli.ts';

/** A running embedded Temporal dev server (the Temporal CLI's `server start-dev`). */
export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the Temporal CLI dev server with its state in a SQLite file under `dataDir` (WAL journal),
 * so workflows survive restarts. Resolves once the frontend accepts connections. `toolsDir` is where the
 * setup script cached the CLI (default: the checkout's .tools).
 */
export async function startDevServer(opts: {
  dataDir: string;
  port: number;
  namespace: string;
  toolsDir?: string;
}): Promise<DevServer> {
  const cli = findTemporalCli(opts.toolsDir ?? installPaths().tools);
  if (await portOpen(opts.port))
    throw new Error(
      `TEMPORAL_DEV_PORT ${opts.port} is already in use; stop what listens there or set TEMPORAL_DEV_PORT`,
    );
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.port + 1000),
    '--db-filename',
    join(opts.dataDir, 'temporal.sqlite'),
    '--namespace',
    opts.namespace,
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--log-level',
    'error',
    '--ui-disable-news-fetch',
  ];
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(opts.port))) {
    const code = await Promise.race([exited, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 200))]);
    if (code !== 'waiting') throw new Error(`The Temporal dev server exited with code ${code}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server did not open port ${opts.port} within 60 s: ${stderr}`);
    }
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: `http://localhost:${opts.port + 1000}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

import { closeSync, mkdirSync, openSync, statSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Ports for the servers tests start (stacks, sinks, Postgres, Temporal). Asking the system for a free
// port (listen on 0, close, hand the number to a child) races: test files run side by side in several
// processes, and a port handed to one child could be handed again to another process's child before the
// first bound it (a stack's HTTP port answered by another test's SMTP sink). So each port is taken from
// outside the system's ephemeral range (where outgoing connections get their source ports), checked
// free, and reserved for the whole test run by creating a file named after it, which only one process
// can create. The files live under the run's temporary folder (TMPDIR), removed when the run ends;
// outside a test run, a reservation older than an hour lapses.

/** Ports handed out: below Linux's ephemeral range (32768-60999), above the well-known services. */
const LOWEST = 12_000;
const HIGHEST = 31_000;
/** A reservation left by a run that ended without cleaning up lapses after this long. */
const LAPSES_MS = 60 * 60_000;

const reservations = join(tmpdir(), 'boomerang-ports');

/** Reserves `port` for this run, once across every process of the run; false if another already has. */
function reserve(port: number): boolean {
  mkdirSync(reservations, { recursive: true });
  const file = join(reservations, String(port));
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (Date.now() - statSync(file).mtimeMs < LAPSES_MS) return false;
    utimesSync(file, new Date(), new Date()); // a lapsed reservation: take it over (a race here costs one retry)
    return true;
  }
}

const candidate = () => LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));

/** A TCP port of 127.0.0.1 that is free now and that no other process of this test run is given. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = candidate();
    if ((await isFree(port)) && reserve(port)) return port;
  }
  throw new Error(`No free port between ${LOWEST} and ${HIGHEST} after 200 tries`);
}

/** Whether nothing listens on `port` of 127.0.0.1 right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port for a Temporal dev server: free, and so is the one 1000 above it, where the server puts its
 * Web UI (a free port alone was a flaky start when the UI's port happened to be taken); both reserved.
 */
export async function freeDevServerPort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = candidate();
    if ((await isFree(port)) && (await isFree(port + 1000)) && reserve(port)) {
      if (reserve(port + 1000)) return port;
    }
  }
  throw new Error('No free pair of ports (n, n + 1000) for a Temporal dev server');
}

/** Polls `probe` until it returns a value (bounded by `timeoutMs`), for outcomes that arrive asynchronously. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

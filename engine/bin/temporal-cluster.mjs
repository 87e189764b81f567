#!/usr/bin/env node
// `npm run cluster`: a real Temporal server on PostgreSQL, its frontend, history, matching and worker
// services each a separate process on 127.0.0.1. The server and its SQL schema tool are built once from
// the Go module proxy into a cache outside the clone; the schema files of that same version come along.
// Plain Node so that it can run before anything else; `startCluster()` is the programmatic face for tests
// and benchmarks.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, startPostgresServer, waitForPostgres } from './postgres-server.mjs';
import { postgresBinDir, ensureDebianPackage, repoRoot } from './tools.mjs';

/** The Temporal server release built here (the newest v1.29 patch the module proxy serves). */
export const temporalServerVersion = 'v1.29.1';
const serverModule = 'go.temporal.io/server';
/** The four services, each started as its own `temporal-server start --service=<name>` process. */
export const clusterServices = ['history', 'matching', 'frontend', 'worker'];

/** Where the built binaries and schema files are cached: outside the clone, so a new clone builds nothing. */
export function temporalServerCacheDir(version = temporalServerVersion) {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'boomerang', `temporal-server-${version}`);
}

/**
 * Returns the cached `temporal-server`, `temporal-sql-tool` and PostgreSQL schema folder, building them
 * with `go install` from the Go module proxy when missing (a few minutes on 2 cores, once).
 */
export function ensureTemporalServer({ log = console.log, version = temporalServerVersion } = {}) {
  const dir = temporalServerCacheDir(version);
  const found = {
    server: join(dir, 'temporal-server'),
    sqlTool: join(dir, 'temporal-sql-tool'),
    schemaDir: join(dir, 'schema', 'postgresql', 'v12'),
  };
  if (existsSync(found.server) && existsSync(found.sqlTool) && existsSync(found.schemaDir)) return found;
  log(`Building the Temporal server ${version} from the Go module proxy (once; a few minutes) ...`);
  const work = mkdtempSync(join(tmpdir(), 'boomerang-temporal-build-'));
  try {
    const env = { ...process.env, GOBIN: work, GOFLAGS: '-buildvcs=false' };
    execFileSync(
      'go',
      ['install', `${serverModule}/cmd/server@${version}`, `${serverModule}/cmd/tools/sql@${version}`],
      { env, stdio: ['ignore', 'inherit', 'inherit'], cwd: tmpdir() },
    );
    // The versioned schema files ship inside the module source that the build has just downloaded.
    const moduleDir = execFileSync('go', ['mod', 'download', '-json', `${serverModule}@${version}`], {
      env,
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    const source = JSON.parse(moduleDir).Dir;
    mkdirSync(dir, { recursive: true });
    cpSync(join(source, 'schema', 'postgresql', 'v12'), found.schemaDir, { recursive: true });
    // Copied, not renamed: the temp dir and the cache may be on different file systems.
    for (const [built, cached] of [
      ['server', found.server],
      ['sql', found.sqlTool],
    ]) {
      copyFileSync(join(work, built), cached);
      chmodSync(cached, 0o755);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return found;
}

const taken = new Set();
/**
 * A port nobody listens on right now, below 32768: Temporal stores membership ports in a smallint
 * column, so the kernel's ephemeral ports (32768 and up) cannot be used.
 */
async function freePort() {
  for (let tries = 0; tries < 200; tries++) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    if (taken.has(port)) continue;
    const free = await new Promise((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 10000 and 32000 on 127.0.0.1');
}

/** The server's YAML: 4 history shards, every service on its own ports, persistence on PostgreSQL. */
export function clusterConfigYaml({ pgPort, ports, dynamicConfigFile, numHistoryShards = 4 }) {
  const store = (database, conns) => `      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: tcp
        user: temporal
        password: ""
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
  const service = (name) => `  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${name === 'frontend' ? `\n      httpPort: ${ports.frontend.http}` : ''}`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${numHistoryShards}
  datastores:
    default:
${store('temporal', 20)}
    visibility:
${store('temporal_visibility', 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
${clusterServices.map(service).join('\n')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend.grpc}
      httpAddress: 127.0.0.1:${ports.frontend.http}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${JSON.stringify(dynamicConfigFile)}
  pollInterval: 10s
`;
}

// Ids up to 255 characters: journey:<journeyId>:<userId> can be long.
const dynamicConfigYaml = `limit.maxIDLength:
  - value: 255
`;

/** Runs temporal-sql-tool: creates the schema of `database` once, then applies every newer version. */
function setupSchema({ sqlTool, schemaDir, pgPort, database, fresh }) {
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(pgPort),
    '-u',
    'temporal',
    '--db',
    database,
  ];
  const run = (args) => execFileSync(sqlTool, [...base, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (fresh) run(['setup-schema', '-v', '0.0']);
  const folder = database === 'temporal' ? 'temporal' : 'visibility';
  run(['update-schema', '-d', join(schemaDir, folder, 'versioned')]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registers `namespace` (3 days' retention) once the frontend answers; resolves when it can be described. */
async function registerNamespace(address, namespace, timeoutMs) {
  const { Connection } = await import('@temporalio/client');
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    let connection;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      const service = connection.workflowService;
      await service
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: 3 * 86400 } })
        .catch((error) => {
          if (error?.code !== 6) throw error; // ALREADY_EXISTS: a restart on the same data
        });
      await service.describeNamespace({ namespace });
      return;
    } catch (error) {
      last = error;
      await sleep(500);
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new Error(
    `The Temporal frontend at ${address} did not take namespace ${namespace} within ${timeoutMs} ms: ${last}`,
  );
}

/**
 * Starts PostgreSQL (data in `dataDir/postgres`, kept across runs), sets up the `temporal` and
 * `temporal_visibility` schemas, a `boomerang` database for DATABASE_URL, and the four Temporal
 * services as separate processes; resolves once `namespace` answers on the frontend.
 */
export async function startCluster({
  dataDir = mkdtempSync(join(tmpdir(), 'boomerang-cluster-')),
  frontendPort = 0,
  postgresPort = 0,
  namespace = 'default',
  log = console.log,
  timeoutMs = 120_000,
} = {}) {
  ensureDebianPackage('postgresql', () => postgresBinDir() !== undefined, { log });
  const binaries = ensureTemporalServer({ log });
  dataDir = resolve(dataDir);
  mkdirSync(dataDir, { recursive: true });
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to reach its folder inside.
  chmodSync(dataDir, 0o755);
  const stops = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((error) => log(`[cluster stop] ${error}`));
  };
  try {
    const pg = await startPostgresServer({
      dir: join(dataDir, 'postgres'),
      port: postgresPort || (await freePort()),
      user: 'temporal',
    });
    stops.push(() => pg.stop());
    for (const database of ['temporal', 'temporal_visibility']) {
      const fresh = await ensureDatabase(pg, database);
      setupSchema({ ...binaries, pgPort: pg.port, database, fresh });
    }
    await ensureDatabase(pg, 'boomerang');

    const ports = {};
    for (const name of clusterServices) ports[name] = { grpc: await freePort(), membership: await freePort() };
    if (frontendPort) ports.frontend.grpc = frontendPort;
    ports.frontend.http = await freePort();
    const configDir = join(dataDir, 'temporal-config');
    mkdirSync(configDir, { recursive: true });
    const dynamicConfigFile = join(configDir, 'dynamic.yaml');
    writeFileSync(dynamicConfigFile, dynamicConfigYaml);
    writeFileSync(
      join(configDir, 'development.yaml'),
      clusterConfigYaml({ pgPort: pg.port, ports, dynamicConfigFile }),
    );

    const processes = new Map();
    const launch = (name) => {
      const child = spawn(
        binaries.server,
        [
          '--root',
          dataDir,
          '--config',
          'temporal-config',
          '--env',
          'development',
          '--allow-no-auth',
          'start',
          '--service',
          name,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      // The server logs (JSON, level warn and up) to stdout; the last few kilobytes explain an exit.
      let stderr = '';
      const keep = (chunk) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
      const service = { child, exited, stderr: () => stderr };
      processes.set(name, service);
      stops.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      });
      return service;
    };
    const dies = (service, name) =>
      service.exited.then((code) => {
        throw new Error(`Temporal ${name} exited with ${code} while starting: ${service.stderr()}`);
      });
    // On a fresh database every service would write the cluster's metadata at once, and all but one
    // fail: the first one writes it, then the others start.
    const [first, ...others] = clusterServices;
    const firstDied = dies(launch(first), first);
    const metadata = waitForPostgres(
      pg.url('temporal'),
      'select 1 from cluster_metadata_info having count(*) > 0',
      timeoutMs,
      true,
    );
    metadata.catch(() => undefined); // when the first service dies instead, nobody waits for this any more
    await Promise.race([metadata, firstDied]);
    for (const name of others) launch(name);
    const address = `127.0.0.1:${ports.frontend.grpc}`;
    const died = Promise.race([firstDied, ...others.map((name) => dies(processes.get(name), name))]);
    await Promise.race([registerNamespace(address, namespace, timeoutMs), died]);
    died.catch(() => undefined);
    return {
      address,
      namespace,
      databaseUrl: pg.url('boomerang'),
      postgresUrl: pg.url('postgres'),
      services: Object.fromEntries([...processes].map(([name, p]) => [name, { pid: p.child.pid }])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Run directly (`npm run cluster`): start, print where everything is, stop all on Ctrl-C / SIGTERM.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = process.env.CLUSTER_DIR ?? join(repoRoot, '.data', 'cluster');
  const frontendPort = Number(process.env.TEMPORAL_CLUSTER_PORT ?? 7233);
  const postgresPort = Number(process.env.CLUSTER_POSTGRES_PORT ?? 5433);
  startCluster({ dataDir, frontendPort, postgresPort }).then(
    (cluster) => {
      console.log(
        `Temporal services: ${Object.entries(cluster.services)
          .map(([n, s]) => `${n} (pid ${s.pid})`)
          .join(', ')}`,
      );
      console.log(`DATABASE_URL=${cluster.databaseUrl}`);
      console.log(`TEMPORAL_ADDRESS=${cluster.address}`);
      console.log(`Temporal cluster ready: ${cluster.address} (namespace ${cluster.namespace}, data in ${dataDir})`);
      let stopping = false;
      const shutdown = (signal) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: stopping the Temporal services and PostgreSQL ...`);
        cluster.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    },
    (error) => {
      console.error(`The Temporal cluster could not start: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}

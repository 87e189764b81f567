import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dkimPublicKey, dkimRecord } from '../email/index.ts';

const usage = `Usage: boomerang dkim generate [--selector boomerang] [--domain example.com] [--out file]
  Writes a new RSA 2048 private key (mode 0600, default DATA_DIR/dkim-<selector>.pem) and prints
  the DNS TXT record to publish and the variables to set.`;

/** What `dkim generate` made: the key file and the record to publish. */
export interface GeneratedDkimKey {
  file: string;
  domain: string;
  selector: string;
  record: ReturnType<typeof dkimRecord>;
}

/** Writes a new RSA 2048 DKIM key to `file` (never over an existing file) and returns its DNS record. */
export function generateDkimKey(opts: { file: string; domain: string; selector: string }): GeneratedDkimKey {
  if (existsSync(opts.file)) throw new Error(`${opts.file} exists already; choose another --out or remove it first`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(dirname(opts.file), { recursive: true });
  // 'wx' refuses to follow a file that appeared meanwhile; 0600: only the owner may read the key.
  writeFileSync(opts.file, pem, { mode: 0o600, flag: 'wx' });
  return { ...opts, record: dkimRecord(opts.selector, opts.domain, dkimPublicKey(pem)) };
}

/** Runs `boomerang dkim <args>`; returns the process exit code. */
export function dkimCommand(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { selector: { type: 'string' }, domain: { type: 'string' }, out: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (parsed.positionals[0] !== 'generate') {
    console.error(usage);
    return 2;
  }
  const selector = parsed.values.selector ?? env.DKIM_SELECTOR ?? 'boomerang';
  const domain = parsed.values.domain ?? env.DKIM_DOMAIN;
  if (!domain || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) {
    console.error(`--domain: give the domain that signs your mail, e.g. --domain example.com\n${usage}`);
    return 2;
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(selector)) {
    console.error(`--selector: use letters, digits, ".", "_" or "-", e.g. --selector boomerang`);
    return 2;
  }
  const file = resolve(parsed.values.out ?? join(env.DATA_DIR ?? '.data', `dkim-${selector}.pem`));
  let made;
  try {
    made = generateDkimKey({ file, domain, selector });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  console.log(`Wrote a new RSA 2048 private key to ${made.file} (readable by you only). Keep it secret.`);
  console.log('\nSet these variables where Boomerang runs:');
  console.log(`  DKIM_DOMAIN=${domain}\n  DKIM_SELECTOR=${selector}\n  DKIM_PRIVATE_KEY_FILE=${made.file}`);
  console.log(`\nPublish this DNS TXT record (name ${made.record.name}):`);
  console.log(made.record.zoneLine);
  return 0;
}

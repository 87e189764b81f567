import { ImapFlow } from 'imapflow';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOVECOT, ensureDovecot } from '../../engine/bin/dovecot.mjs';
import { eventually, freePort } from './ports.ts';

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** A throwaway IMAP server (Debian's Dovecot) on 127.0.0.1: one password for every user, mail in a temp dir. */
export interface ImapServer {
  host: string;
  port: number;
  password: string;
  stop(): Promise<void>;
}

/**
 * Starts Dovecot in the foreground with a configuration of its own in a temp dir (plain IMAP on
 * 127.0.0.1 only, static password, Maildir). As root the mail is owned by Debian's `dovenull`
 * user (Dovecot refuses root); otherwise everything runs as the current user.
 */
export async function startImapServer(): Promise<ImapServer> {
  ensureDovecot();
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-imap-'));
  const port = await freePort();
  const password = 'correct-horse-battery';
  const asRoot = process.getuid?.() === 0;
  const me = userInfo().username;
  const mailUser = asRoot ? 'dovenull' : me;
  mkdirSync(join(dir, 'mail'));
  if (asRoot) {
    chmodSync(dir, 0o755); // mkdtemp makes it root-only; the mail user must reach its mail folder
    const [uid, gid] = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .filter((f) => f[0] === mailUser)
      .map((f) => [Number(f[2]), Number(f[3])])[0] ?? [0, 0];
    chownSync(join(dir, 'mail'), uid ?? 0, gid ?? 0);
  }
  const config = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain',
    'first_valid_uid = 1',
    ...(asRoot
      ? []
      : [`default_internal_user = ${me}`, `default_login_user = ${me}`, `default_internal_group = ${me}`]),
    `mail_location = maildir:${dir}/mail/%u`,
    `passdb {\n  driver = static\n  args = password=${password}\n}`,
    `userdb {\n  driver = static\n  args = uid=${mailUser} gid=${mailUser} home=${dir}/mail/%u\n}`,
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}',
  ].join('\n');
  writeFileSync(join(dir, 'dovecot.conf'), `${config}\n`);
  const server = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const log = () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '');
  await eventually(async () => {
    if (server.exitCode !== null) throw new Error(`Dovecot exited: ${stderr || log()}`);
    return (await accepts(port)) ? true : undefined;
  }, 'Dovecot to accept IMAP connections');
  return {
    host: '127.0.0.1',
    port,
    password,
    async stop() {
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A mail client of the test's own on `server` as `user`, connected, to deliver into a mailbox and look at it afterwards. */
export async function mailClientOf(server: ImapServer, user: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: server.password },
    logger: false,
  });
  await client.connect();
  return client;
}

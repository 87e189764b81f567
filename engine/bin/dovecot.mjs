// Debian's Dovecot IMAP server, for the tests of the bounce mailbox reader (each test runs its own
// throwaway instance on 127.0.0.1; see test/support/imap-server.ts).
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './tools.mjs';

/** Where Debian's dovecot-imapd puts the server. */
export const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

/** Installs Debian's dovecot-imapd with apt-get when it is missing. */
export function ensureDovecot() {
  ensureDebianPackage('dovecot-imapd', () => existsSync(DOVECOT));
}

import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';

const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'engine/src/cli/main.ts'), 'dkim', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

describe('boomerang dkim generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-dkim-cli-'));
  const out = join(dir, 'news.pem');

  it('writes a private key only its owner can read and prints a TXT record that verifies mail signed with it', async () => {
    const result = run(['generate', '--selector', 'news2026', '--domain', 'shop.example', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const pem = readFileSync(out, 'utf8');
    expect(result.stdout).not.toContain(pem.split('\n')[1]); // the key itself is never printed
    expect(result.stdout).toContain(`DKIM_PRIVATE_KEY_FILE=${out}`);

    const line = result.stdout.split('\n').find((l) => l.startsWith('news2026._domainkey.shop.example IN TXT '));
    expect(line).toBeDefined();
    const strings = [...(line ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(strings.length).toBeGreaterThan(1); // a 2048-bit key does not fit one TXT string
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
    const record = strings.join('');
    const tags = Object.fromEntries(record.split(/;\s*/).map((tag) => tag.split('=', 2) as [string, string]));
    expect(tags.v).toBe('DKIM1');
    expect(tags.k).toBe('rsa');
    const publicKey = createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
    expect(record.slice(record.indexOf('p=') + 2)).toBe(publicKey);

    // An independent signer and verifier agree: mail signed with the file's key passes against the printed record.
    const message = Buffer.from(
      'From: Shop <news@shop.example>\r\nTo: ada@customer.example\r\nSubject: Hello\r\n\r\nHi Ada\r\n',
    );
    const key = { signingDomain: 'shop.example', selector: 'news2026', privateKey: pem };
    // mailauth reads the keys from `signatureData`; its type declarations name only the top-level fields.
    const options = { ...key, signatureData: [key] };
    const signed = await dkimSign(message, options);
    expect(signed.signatures).toContain('s=news2026');
    const verified = await dkimVerify(Buffer.concat([Buffer.from(signed.signatures), message]), {
      resolver: async (name: string) => {
        if (name === 'news2026._domainkey.shop.example') return [strings];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    expect(verified.results[0]?.status.result).toBe('pass');
  });

  it('refuses to overwrite an existing key file', () => {
    const before = readFileSync(out, 'utf8');
    const again = run(['generate', '--domain', 'shop.example', '--out', out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('asks for the domain when none is given', () => {
    const result = run(['generate', '--out', join(dir, 'other.pem')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--domain');
  });
});

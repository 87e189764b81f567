import { describe, expect, it } from 'vitest';
import { readReturnPath, returnPath } from '../../../engine/src/bounces/index.ts';

const secret = 'a'.repeat(32);
const messageId = '<0123456789abcdef0123456789abcdef@boomerang>';

describe('VERP return paths', () => {
  it('names the send in a short, lower-case, signed local part at the bounce domain', () => {
    const address = returnPath(secret, 'Bounces.Example.com', messageId);
    // bounce+ 26 base32 characters (128 bits) . 8 characters of signature
    expect(address).toMatch(/^bounce\+[a-z2-7]{26}\.[a-z2-7]{8}@bounces\.example\.com$/);
    expect(address!.split('@')[0]!.length).toBeLessThanOrEqual(64); // RFC 5321 local-part limit
    expect(readReturnPath(secret, 'bounces.example.com', address!)).toBe('0123456789abcdef0123456789abcdef');
  });

  it('reads a return path whose case a mail server changed', () => {
    const address = returnPath(secret, 'bounces.example.com', messageId)!;
    expect(readReturnPath(secret, 'bounces.example.com', address.toUpperCase())).toBe(
      '0123456789abcdef0123456789abcdef',
    );
  });

  it('refuses a return path with another id, a wrong signature, another domain or another key', () => {
    const address = returnPath(secret, 'bounces.example.com', messageId)!;
    const [local, domain] = address.split('@') as [string, string];
    const [id, tag] = local.slice('bounce+'.length).split('.') as [string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith('a') ? 'b' : 'a'}`;
    expect(readReturnPath(secret, 'bounces.example.com', `bounce+${otherId}.${tag}@${domain}`)).toBeNull();
    const otherTag = `${tag.slice(0, -1)}${tag.endsWith('a') ? 'b' : 'a'}`;
    expect(readReturnPath(secret, 'bounces.example.com', `bounce+${id}.${otherTag}@${domain}`)).toBeNull();
    expect(readReturnPath(secret, 'other.example.com', address)).toBeNull();
    expect(readReturnPath('b'.repeat(32), 'bounces.example.com', address)).toBeNull();
  });

  it('still reads return paths signed before a key rotation (LINK_SECRET newest first)', () => {
    const old = returnPath(secret, 'bounces.example.com', messageId)!;
    expect(readReturnPath(`${'n'.repeat(32)},${secret}`, 'bounces.example.com', old)).toBe(
      '0123456789abcdef0123456789abcdef',
    );
  });

  it('makes no return path for a Message-ID Boomerang did not make', () => {
    expect(returnPath(secret, 'bounces.example.com', '<abc@elsewhere>')).toBeNull();
  });
});

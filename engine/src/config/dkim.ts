import { readFileSync } from 'node:fs';
import { checkDkimPrivateKey, type DkimSigning } from '../email/dkim.ts';

/** The DKIM variables of the environment. */
export interface DkimVariables {
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY?: string | undefined;
  DKIM_PRIVATE_KEY_FILE?: string | undefined;
}

/** Where the DKIM key came from, for the start-up output (never the key itself). */
export interface DkimSource {
  signing: DkimSigning;
  from: string;
}

/**
 * The DKIM signing configuration, or undefined when none of the DKIM variables is set. Returns the
 * problems (each naming its variable, never showing the key) when it is half set or the key is unusable.
 */
export function dkimFromEnvironment(e: DkimVariables): { source: DkimSource | undefined; problems: string[] } {
  const set = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY, e.DKIM_PRIVATE_KEY_FILE].some(
    (v) => v !== undefined,
  );
  if (!set) return { source: undefined, problems: [] };
  const problems: string[] = [];
  if (!e.DKIM_DOMAIN) problems.push('  DKIM_DOMAIN: set it to the domain that signs (d=), e.g. example.com');
  if (!e.DKIM_SELECTOR)
    problems.push('  DKIM_SELECTOR: set it to the selector of the published key (s=), e.g. boomerang');
  let pem: string | undefined;
  let from = '';
  // The file is preferred: a key in the environment is easier to leak (process listings, crash reports).
  if (e.DKIM_PRIVATE_KEY_FILE) {
    from = `from DKIM_PRIVATE_KEY_FILE (${e.DKIM_PRIVATE_KEY_FILE})`;
    try {
      pem = readFileSync(e.DKIM_PRIVATE_KEY_FILE, 'utf8');
    } catch (error) {
      const code = error instanceof Error ? String(Reflect.get(error, 'code') ?? '') : '';
      problems.push(
        `  DKIM_PRIVATE_KEY_FILE: cannot read ${JSON.stringify(e.DKIM_PRIVATE_KEY_FILE)} (${code || 'unreadable'})`,
      );
    }
  } else if (e.DKIM_PRIVATE_KEY) {
    from = 'from DKIM_PRIVATE_KEY';
    // One-line environments often carry the PEM's line breaks as "\n".
    pem = e.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n');
  } else {
    problems.push(
      '  DKIM_PRIVATE_KEY_FILE: set it to the PEM file of the private key (boomerang dkim generate writes one)',
    );
  }
  if (pem !== undefined) {
    const check = checkDkimPrivateKey(pem);
    if (!check.ok)
      problems.push(
        `  ${e.DKIM_PRIVATE_KEY_FILE ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY'}: the key ${check.problem}`,
      );
  }
  if (problems.length || pem === undefined || !e.DKIM_DOMAIN || !e.DKIM_SELECTOR)
    return { source: undefined, problems };
  return {
    source: { signing: { domain: e.DKIM_DOMAIN, selector: e.DKIM_SELECTOR, privateKey: pem }, from },
    problems: [],
  };
}

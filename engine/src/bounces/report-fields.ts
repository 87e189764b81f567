// The field syntax shared by RFC 3464 delivery-status and RFC 5965 feedback-report bodies: header-like
// `Name: value` lines, folded onto indented continuation lines, in blocks separated by blank lines
// (a DSN's first block is about the message, each further one about one recipient).

/** One block of fields: lower-case names to their values (a repeated field keeps every value). */
export type FieldBlock = Map<string, string[]>;

/** Splits a report body into its blocks of fields, continuation lines unfolded. */
export function fieldBlocks(body: string): FieldBlock[] {
  const blocks: FieldBlock[] = [];
  let block: FieldBlock = new Map();
  let last: { name: string; index: number } | undefined;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (block.size) blocks.push(block);
      block = new Map();
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      const values = block.get(last.name);
      if (values) values[last.index] = `${values[last.index] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = block.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    block.set(name, values);
    last = { name, index: values.length - 1 };
  }
  if (block.size) blocks.push(block);
  return blocks;
}

/** The first value of a field, or undefined. */
export const field = (block: FieldBlock, name: string): string | undefined => block.get(name)?.[0];

/** The address of a typed address field (`rfc822; a@b.example`, `<a@b.example>`), lower-cased; undefined when it holds none. */
export function addressOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const bare = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const match = /<?([^\s<>;]+@[^\s<>;]+)>?/.exec(bare.trim());
  return match?.[1]?.toLowerCase();
}

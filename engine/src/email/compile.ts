import mjml2html from 'mjml';

/** MJML compiled to HTML with its Liquid markup still in place, ready for per-recipient rendering. */
export async function compileMjml(templateId: string, source: string): Promise<string> {
  // 'soft' compiles despite errors; we report them ourselves so the message names the template.
  const result = await mjml2html(source, { validationLevel: 'soft', keepComments: false });
  const [first, ...rest] = result.errors;
  if (first) {
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new Error(
      `Email template "${templateId}" is not valid MJML: line ${first.line} (${first.tagName}): ${first.message}${more}`,
    );
  }
  return result.html;
}

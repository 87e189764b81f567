// Node definitions name their icon by Lucide name ("mail", "message-square"); a few early plugins used a
// glyph instead ("✉"). Both mean the same Lucide icon here, so no node depends on what the fonts hold.
const GLYPHS: Readonly<Record<string, string>> = {
  '⚡': 'zap',
  '✉': 'mail',
  '◷': 'clock',
  '◔': 'hourglass',
  '⋔': 'split',
  '✎': 'user-pen',
  '⇥': 'log-out',
  '⚓': 'webhook',
  '🔔': 'bell',
  '💬': 'message-square',
  '🏷': 'tag',
  '★': 'star',
  '🎁': 'gift',
  '⇄': 'shuffle',
};

/**
 * The Lucide name a node's `icon` field means: a Lucide name as written (any case, spaces or underscores
 * for dashes), or the name of one of the glyphs early plugins used.
 * @example iconNameOf('💬') // 'message-square'
 */
export function iconNameOf(icon: string): string {
  const trimmed = icon.trim();
  return GLYPHS[trimmed] ?? trimmed.toLowerCase().replace(/[\s_]+/g, '-');
}

/**
 * The key of a Lucide name in lucide-react's `icons` map.
 * @example pascalCaseOf('message-square') // 'MessageSquare'
 */
export function pascalCaseOf(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

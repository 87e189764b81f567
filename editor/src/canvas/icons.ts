// Node definitions name their icon (Lucide names); the canvas draws a glyph for the common ones and a
// neutral mark for any other, so a custom node with a new icon name still renders.
const GLYPHS: Record<string, string> = {
  'zap': '⚡', 'mail': '✉', 'clock': '◷', 'hourglass': '◔', 'split': '⋔', 'user-pen': '✎', 'log-out': '⇥',
  'webhook': '⚓', 'bell': '🔔', 'message-square': '💬', 'tag': '🏷', 'star': '★', 'gift': '🎁', 'shuffle': '⇄',
};

/** The glyph drawn for an icon name. */
export const glyphOf = (icon: string): string => GLYPHS[icon] ?? '◆';

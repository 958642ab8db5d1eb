// The languages Gramdesk speaks, by Telegram's own language codes, and how a language tag (the
// OS's, or the server's suggestion) finds one of them: one rule for the window (which words it
// shows) and for main (which language Telegram is told in initConnection).
export const LANGUAGES = ['en', 'ru', 'es', 'fa', 'pt-br'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first of `tags` Gramdesk speaks ('pt-BR', 'pt' → 'pt-br'; 'fa-IR' → 'fa'; Telegram's own
 * codes like 'pt-br' as they are), or null when it speaks none of them.
 */
export function matchLanguage(tags: readonly string[]): Language | null {
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase().replace(/_/g, '-');
    if (isLanguage(tag)) return tag;
    const base = tag.split('-')[0] ?? '';
    if (base === 'pt') return 'pt-br';
    if (isLanguage(base)) return base;
  }
  return null;
}

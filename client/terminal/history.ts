// Command history: ↑/↓ navigation keeping the line being typed, and Ctrl-R reverse
// incremental search. Pure data; persistence is history-file.ts.

export const MAX_HISTORY = 1000;

export interface History {
  /** Oldest first. */
  entries: readonly string[];
  /** Entry shown by ↑/↓, or null while editing a new line. */
  index: number | null;
  /** The new line being typed when navigation started. */
  draft: string;
}

export const emptyHistory: History = { entries: [], index: null, draft: '' };

export const historyOf = (entries: readonly string[]): History => ({ entries: entries.slice(-MAX_HISTORY), index: null, draft: '' });

/** Records a run line (bash's ignoreboth: no blank lines, no lines starting with a space, no repeat of the last). */
export function remember(h: History, line: string): History {
  const skip = !line.trim() || line.startsWith(' ') || h.entries[h.entries.length - 1] === line;
  const entries = skip ? h.entries : [...h.entries, line].slice(-MAX_HISTORY);
  return { entries, index: null, draft: '' };
}

/** ↑: the previous entry, or undefined at the oldest. */
export function older(h: History, current: string): { history: History; text: string } | undefined {
  const i = h.index === null ? h.entries.length - 1 : h.index - 1;
  if (i < 0) return undefined;
  return { history: { ...h, index: i, draft: h.index === null ? current : h.draft }, text: h.entries[i] };
}

/** ↓: the next entry, then back to the line being typed. */
export function newer(h: History): { history: History; text: string } | undefined {
  if (h.index === null) return undefined;
  if (h.index >= h.entries.length - 1) return { history: { ...h, index: null }, text: h.draft };
  return { history: { ...h, index: h.index + 1 }, text: h.entries[h.index + 1] };
}

export interface Search {
  query: string;
  /** Index of the entry matched, if any. */
  match: number | null;
  /** The search failed to find the query (bash shows "failed reverse-i-search"). */
  failed: boolean;
  /** The input line before the search, restored on cancel. */
  original: string;
}

/** The newest entry at or before `from` containing `query`. */
function findBack(entries: readonly string[], query: string, from: number): number | null {
  for (let i = Math.min(from, entries.length - 1); i >= 0; i--) if (entries[i].includes(query)) return i;
  return null;
}

export const startSearch = (original: string): Search => ({ query: '', match: null, failed: false, original });

/** Typing in the search: the query grows and the match stays or moves older. */
export function searchType(h: History, s: Search, text: string): Search {
  const query = s.query + text;
  const m = findBack(h.entries, query, s.match ?? h.entries.length - 1);
  return { ...s, query, match: m ?? s.match, failed: m === null };
}

export function searchBackspace(h: History, s: Search): Search {
  const query = s.query.slice(0, -1);
  if (!query) return { ...s, query, match: null, failed: false };
  const m = findBack(h.entries, query, h.entries.length - 1);
  return { ...s, query, match: m, failed: m === null };
}

/** Ctrl-R again: the next older match. */
export function searchAgain(h: History, s: Search): Search {
  if (!s.query || s.match === null) return s;
  const m = findBack(h.entries, s.query, s.match - 1);
  return m === null ? { ...s, failed: true } : { ...s, match: m, failed: false };
}

/** The line the search currently offers. */
export const searchResult = (h: History, s: Search): string => (s.match === null ? s.original : h.entries[s.match]);

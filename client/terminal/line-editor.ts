// The input line: text and cursor, edited the way readline does (Emacs keys).

export interface Editor {
  text: string;
  cursor: number;
}

export const emptyEditor: Editor = { text: '', cursor: 0 };

export const editorOf = (text: string): Editor => ({ text, cursor: text.length });

export function insert(e: Editor, s: string): Editor {
  return { text: e.text.slice(0, e.cursor) + s + e.text.slice(e.cursor), cursor: e.cursor + s.length };
}

export function backspace(e: Editor): Editor {
  if (e.cursor === 0) return e;
  return { text: e.text.slice(0, e.cursor - 1) + e.text.slice(e.cursor), cursor: e.cursor - 1 };
}

export function deleteForward(e: Editor): Editor {
  if (e.cursor >= e.text.length) return e;
  return { text: e.text.slice(0, e.cursor) + e.text.slice(e.cursor + 1), cursor: e.cursor };
}

export const left = (e: Editor): Editor => ({ ...e, cursor: Math.max(0, e.cursor - 1) });
export const right = (e: Editor): Editor => ({ ...e, cursor: Math.min(e.text.length, e.cursor + 1) });
export const home = (e: Editor): Editor => ({ ...e, cursor: 0 });
export const end = (e: Editor): Editor => ({ ...e, cursor: e.text.length });

/** Start of the word before the cursor (readline's backward-word: skip spaces, then word characters). */
function wordStart(text: string, from: number): number {
  let i = from;
  while (i > 0 && !/[\w.-]/.test(text[i - 1])) i--;
  while (i > 0 && /[\w.-]/.test(text[i - 1])) i--;
  return i;
}

function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !/[\w.-]/.test(text[i])) i++;
  while (i < text.length && /[\w.-]/.test(text[i])) i++;
  return i;
}

export const wordLeft = (e: Editor): Editor => ({ ...e, cursor: wordStart(e.text, e.cursor) });
export const wordRight = (e: Editor): Editor => ({ ...e, cursor: wordEnd(e.text, e.cursor) });

/** Ctrl-U: delete from the start of the line to the cursor. */
export const killToStart = (e: Editor): Editor => ({ text: e.text.slice(e.cursor), cursor: 0 });

/** Ctrl-K: delete from the cursor to the end. */
export const killToEnd = (e: Editor): Editor => ({ text: e.text.slice(0, e.cursor), cursor: e.cursor });

/** Ctrl-W: delete the whitespace-separated word before the cursor (unix-word-rubout). */
export function killWord(e: Editor): Editor {
  let i = e.cursor;
  while (i > 0 && e.text[i - 1] === ' ') i--;
  while (i > 0 && e.text[i - 1] !== ' ') i--;
  return { text: e.text.slice(0, i) + e.text.slice(e.cursor), cursor: i };
}

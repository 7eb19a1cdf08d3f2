// Every key binding of the client in one table, and the one function that turns a key press
// into a command for the current context. Screens never look at raw keys.
import type { Key } from 'ink';

/** Where the keyboard focus is; a key is looked up in these, most specific first. */
export type KeyContext = 'home' | 'terminal' | 'search' | 'chat' | 'game' | 'menu' | 'filter' | 'field' | 'lobby' | 'report' | 'gm' | 'confirm' | 'global';

export interface Binding {
  command: string;
  keys: readonly string[];
  context: KeyContext;
  help: string;
}

export const BINDINGS: readonly Binding[] = [
  // The shell's input line.
  { command: 'run', keys: ['enter'], context: 'terminal', help: 'run the command' },
  { command: 'complete', keys: ['tab'], context: 'terminal', help: 'complete a command, flag, kind, name or host' },
  { command: 'history-prev', keys: ['up'], context: 'terminal', help: 'previous command' },
  { command: 'history-next', keys: ['down'], context: 'terminal', help: 'next command' },
  { command: 'search', keys: ['ctrl+r'], context: 'terminal', help: 'search the history backwards' },
  { command: 'interrupt', keys: ['ctrl+c'], context: 'terminal', help: 'stop a running command (watch, ping -w) or drop the line' },
  { command: 'clear', keys: ['ctrl+l'], context: 'terminal', help: 'clear the screen' },
  { command: 'page-up', keys: ['pageup', 'shift+up'], context: 'terminal', help: 'scroll back' },
  { command: 'page-down', keys: ['pagedown', 'shift+down'], context: 'terminal', help: 'scroll forward' },
  { command: 'left', keys: ['left', 'ctrl+b'], context: 'terminal', help: 'cursor left' },
  { command: 'right', keys: ['right', 'ctrl+f'], context: 'terminal', help: 'cursor right' },
  { command: 'word-left', keys: ['ctrl+left', 'alt+b', 'alt+left'], context: 'terminal', help: 'word left' },
  { command: 'word-right', keys: ['ctrl+right', 'alt+f', 'alt+right'], context: 'terminal', help: 'word right' },
  { command: 'home', keys: ['home', 'ctrl+a'], context: 'terminal', help: 'start of line' },
  { command: 'end', keys: ['end', 'ctrl+e'], context: 'terminal', help: 'end of line' },
  { command: 'backspace', keys: ['backspace'], context: 'terminal', help: 'delete before the cursor' },
  { command: 'delete', keys: ['ctrl+d'], context: 'terminal', help: 'delete under the cursor' },
  { command: 'kill-start', keys: ['ctrl+u'], context: 'terminal', help: 'delete to the start of the line' },
  { command: 'kill-end', keys: ['ctrl+k'], context: 'terminal', help: 'delete to the end of the line' },
  { command: 'kill-word', keys: ['ctrl+w', 'alt+backspace'], context: 'terminal', help: 'delete the word before the cursor' },
  // Reverse history search (Ctrl-R).
  { command: 'search-run', keys: ['enter'], context: 'search', help: 'run the line found' },
  { command: 'search-next', keys: ['ctrl+r'], context: 'search', help: 'older match' },
  { command: 'search-accept', keys: ['escape', 'left', 'right', 'home', 'end', 'tab'], context: 'search', help: 'edit the line found' },
  { command: 'search-cancel', keys: ['ctrl+c', 'ctrl+g'], context: 'search', help: 'give up the search' },
  { command: 'search-backspace', keys: ['backspace'], context: 'search', help: 'shorten the query' },
  // The game screen around the shell.
  { command: 'toggle-map', keys: ['ctrl+t'], context: 'game', help: 'topology map' },
  { command: 'focus-chat', keys: ['ctrl+o'], context: 'game', help: 'chat' },
  { command: 'hint', keys: ['ctrl+g'], context: 'game', help: 'ask for a hint (costs points)' },
  { command: 'toggle-side', keys: ['ctrl+s'], context: 'game', help: 'side panels' },
  { command: 'leave', keys: ['ctrl+q'], context: 'game', help: 'leave the room' },
  { command: 'map-up', keys: ['up', 'pageup'], context: 'game', help: 'scroll the map' },
  { command: 'map-down', keys: ['down', 'pagedown'], context: 'game', help: 'scroll the map' },
  // Chat line.
  { command: 'send', keys: ['enter'], context: 'chat', help: 'send' },
  { command: 'back', keys: ['escape'], context: 'chat', help: 'back to the terminal' },
  { command: 'backspace', keys: ['backspace'], context: 'chat', help: 'delete' },
  // Yes/no questions.
  { command: 'yes', keys: ['y', 'enter', 'ctrl+g', 'ctrl+q'], context: 'confirm', help: 'yes' },
  { command: 'no', keys: ['n', 'escape', 'ctrl+c'], context: 'confirm', help: 'no' },
  // Home menu shortcuts.
  { command: 'solo', keys: ['s'], context: 'home', help: 'solo challenge' },
  { command: 'create', keys: ['c'], context: 'home', help: 'create a team room' },
  { command: 'join', keys: ['j'], context: 'home', help: 'join a room' },
  { command: 'leaderboard', keys: ['l'], context: 'home', help: 'leaderboard' },
  { command: 'replays', keys: ['r'], context: 'home', help: 'replays' },
  { command: 'quit', keys: ['q'], context: 'home', help: 'quit' },
  // Menus and lists.
  { command: 'up', keys: ['up', 'shift+tab'], context: 'menu', help: 'previous' },
  { command: 'down', keys: ['down', 'tab'], context: 'menu', help: 'next' },
  { command: 'page-up', keys: ['pageup'], context: 'menu', help: 'page up' },
  { command: 'page-down', keys: ['pagedown'], context: 'menu', help: 'page down' },
  { command: 'select', keys: ['enter'], context: 'menu', help: 'choose' },
  { command: 'back', keys: ['escape'], context: 'menu', help: 'back' },
  { command: 'next-option', keys: ['right'], context: 'menu', help: 'next option' },
  { command: 'prev-option', keys: ['left'], context: 'menu', help: 'previous option' },
  // A list filtered by typing (the scenario picker).
  { command: 'backspace', keys: ['backspace'], context: 'filter', help: 'shorten the filter' },
  { command: 'clear-filter', keys: ['ctrl+u'], context: 'filter', help: 'clear the filter' },
  // A one-line text field (room code, fault parameters).
  { command: 'submit', keys: ['enter'], context: 'field', help: 'confirm' },
  { command: 'back', keys: ['escape'], context: 'field', help: 'back' },
  { command: 'backspace', keys: ['backspace'], context: 'field', help: 'delete' },
  { command: 'next-field', keys: ['tab', 'down'], context: 'field', help: 'next field' },
  { command: 'prev-field', keys: ['shift+tab', 'up'], context: 'field', help: 'previous field' },
  // Lobby.
  { command: 'ready', keys: ['r', ' '], context: 'lobby', help: 'ready / not ready' },
  { command: 'start', keys: ['s'], context: 'lobby', help: 'start the drill (room owner)' },
  { command: 'leave', keys: ['escape', 'q'], context: 'lobby', help: 'leave the room' },
  // After-action report.
  { command: 'export', keys: ['e'], context: 'report', help: 'export to Markdown' },
  { command: 'up', keys: ['up', 'k'], context: 'report', help: 'scroll up' },
  { command: 'down', keys: ['down', 'j'], context: 'report', help: 'scroll down' },
  { command: 'page-up', keys: ['pageup', 'b'], context: 'report', help: 'page up' },
  { command: 'page-down', keys: ['pagedown', ' '], context: 'report', help: 'page down' },
  { command: 'back', keys: ['escape', 'q'], context: 'report', help: 'back to the menu' },
  // Game-master view.
  { command: 'inject', keys: ['i'], context: 'gm', help: 'inject a fault' },
  { command: 'pause', keys: ['p'], context: 'gm', help: 'pause / resume the clock' },
  { command: 'gm-hint', keys: ['h'], context: 'gm', help: 'send the selected player a hint' },
  { command: 'end', keys: ['E'], context: 'gm', help: 'end the drill' },
  { command: 'up', keys: ['up'], context: 'gm', help: 'previous player' },
  { command: 'down', keys: ['down'], context: 'gm', help: 'next player' },
  { command: 'page-up', keys: ['pageup'], context: 'gm', help: 'scroll the true state' },
  { command: 'page-down', keys: ['pagedown'], context: 'gm', help: 'scroll the true state' },
  { command: 'leave', keys: ['ctrl+q'], context: 'gm', help: 'leave the room' },
  // Everywhere.
  { command: 'quit', keys: ['ctrl+c'], context: 'global', help: 'quit (from the menus)' },
];

/** A key press as one name (`ctrl+r`, `pageup`, `enter`) or typed text. */
export type KeyPress = { name: string } | { text: string };

/** Control characters inside a chunk of typed or pasted text, as key names. */
function controlName(ch: string): string | undefined {
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
  return undefined;
}

/**
 * Normalises Ink's (input, key) pair. Fast typing, a paste or a script (tmux send-keys) can
 * deliver several keys in one event: text and control characters become presses in order.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
  const mod = (name: string) => [{ name: `${key.ctrl ? 'ctrl+' : ''}${key.meta && !key.escape ? 'alt+' : ''}${key.shift ? 'shift+' : ''}${name}` }];
  if (key.upArrow) return mod('up');
  if (key.downArrow) return mod('down');
  if (key.leftArrow) return mod('left');
  if (key.rightArrow) return mod('right');
  if (key.pageUp) return [{ name: 'pageup' }];
  if (key.pageDown) return [{ name: 'pagedown' }];
  if (key.home) return [{ name: 'home' }];
  if (key.end) return [{ name: 'end' }];
  if (key.return) return [{ name: key.meta ? 'alt+enter' : 'enter' }];
  if (key.tab) return [{ name: key.shift ? 'shift+tab' : 'tab' }];
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return [{ name: key.meta && !key.escape ? 'alt+backspace' : 'backspace' }];
  if (key.escape) return [{ name: 'escape' }];
  if (key.ctrl && input.length === 1) return [{ name: `ctrl+${input.toLowerCase()}` }];
  if (key.meta && input.length === 1) return [{ name: `alt+${input}` }];
  const out: KeyPress[] = [];
  let text = '';
  for (const ch of input.replace(/\r\n/g, '\r')) {
    const name = ch < ' ' || ch === '\x7f' ? controlName(ch) : undefined;
    if (name === undefined && (ch < ' ' || ch === '\x7f')) continue;
    if (name === undefined) {
      text += ch;
      continue;
    }
    if (text) out.push({ text });
    text = '';
    out.push({ name });
  }
  if (text) out.push({ text });
  return out;
}

/** The command a key name runs in the first context (most specific first) that binds it. */
export function commandFor(name: string, contexts: readonly KeyContext[]): string | undefined {
  for (const c of contexts) {
    const b = BINDINGS.find((x) => x.context === c && x.keys.includes(name));
    if (b) return b.command;
  }
  return undefined;
}

/** Typed characters that some contexts bind as keys (`r` in the lobby) are looked up by their text. */
export function resolveKey(press: KeyPress, contexts: readonly KeyContext[]): { command: string } | { text: string } | undefined {
  if ('name' in press) {
    const command = commandFor(press.name, contexts);
    return command ? { command } : undefined;
  }
  if (press.text.length === 1) {
    const command = commandFor(press.text, contexts);
    if (command) return { command };
  }
  return { text: press.text };
}

/** How a key is written in help text: `ctrl+r` → `Ctrl-R`. */
export function keyLabel(name: string): string {
  const special: Record<string, string> = { pageup: 'PgUp', pagedown: 'PgDn', up: '↑', down: '↓', left: '←', right: '→', enter: 'Enter', escape: 'Esc', tab: 'Tab', ' ': 'Space', backspace: 'Backspace', home: 'Home', end: 'End' };
  return name
    .split('+')
    .map((p, i, all) => (i < all.length - 1 ? p[0].toUpperCase() + p.slice(1) : special[p] ?? (p.length === 1 && all.length > 1 ? p.toUpperCase() : p)))
    .join('-');
}

/** The first key bound to a command in a context, as help text shows it. */
export function keyFor(command: string, context: KeyContext): string {
  const b = BINDINGS.find((x) => x.command === command && x.context === context);
  return b ? keyLabel(b.keys[0]) : '';
}

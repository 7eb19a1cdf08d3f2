// The frame's last row: a question being asked, a notice, or the keys of the current screen
// (taken from the one key table, so the help never disagrees with the bindings).
import { Text } from 'ink';
import { BINDINGS, keyLabel, type KeyContext } from '../terminal/keys.js';
import { isGm, type AppState } from './state.js';

const SHORT: Record<string, string> = {
  complete: 'complete',
  'history-prev': 'history',
  search: 'search',
  interrupt: 'stop',
  'page-up': 'scroll',
  'toggle-map': 'map',
  'focus-chat': 'chat',
  hint: 'hint',
  'toggle-side': 'panels',
  leave: 'leave',
  select: 'choose',
  back: 'back',
  up: 'move',
  'next-option': 'option',
  quit: 'quit',
  submit: 'join',
  ready: 'ready',
  start: 'start',
  export: 'export Markdown',
  'search-run': 'run',
  'search-next': 'older',
  'search-accept': 'edit',
  'search-cancel': 'cancel',
  send: 'send',
  inject: 'inject fault',
  pause: 'pause/resume',
  'gm-hint': 'hint to player',
  end: 'end drill',
  'map-up': 'scroll',
};

function keys(pairs: [KeyContext, string][]): string {
  return pairs
    .map(([context, command]) => {
      const b = BINDINGS.find((x) => x.context === context && x.command === command);
      return b ? `${keyLabel(b.keys[0])} ${SHORT[command] ?? command}` : '';
    })
    .filter(Boolean)
    .join(' · ');
}

export function statusHints(s: AppState, width = Infinity): string {
  switch (s.screen) {
    case 'home':
      return keys([['menu', 'up'], ['menu', 'select'], ['home', 'quit']]);
    case 'picker':
      return keys([['menu', 'up'], ['menu', 'select'], ...(s.picker.purpose === 'room' ? [['menu', 'next-option'] as [KeyContext, string]] : []), ['menu', 'back']]);
    case 'join':
      return keys([['field', 'submit'], ['field', 'back']]);
    case 'lobby':
      return keys([...(isGm(s) ? [] : [['lobby', 'ready'] as [KeyContext, string]]), ...(s.room?.owner ? [['lobby', 'start'] as [KeyContext, string]] : []), ['lobby', 'leave']]);
    case 'report':
      return keys([['report', 'page-down'], ['report', 'export'], ['report', 'back']]);
    case 'leaderboard':
      return keys([['menu', 'up'], ['menu', 'next-option'], ['menu', 'back']]);
    case 'replays':
      return keys([['menu', 'up'], ['menu', 'back']]);
    case 'game': {
      if (isGm(s)) {
        if (s.game.gm.picker) return s.game.gm.picker.step === 'type' ? 'type to filter · ↑/↓ move · Enter choose · Esc back' : keys([['field', 'next-field'], ['field', 'submit'], ['field', 'back']]);
        return keys([['gm', 'inject'], ['gm', 'pause'], ['gm', 'up'], ['gm', 'gm-hint'], ['gm', 'end'], ['gm', 'leave']]);
      }
      if (s.game.focus === 'chat') return keys([['chat', 'send'], ['chat', 'back']]);
      if (s.game.focus === 'search') return keys([['search', 'search-run'], ['search', 'search-next'], ['search', 'search-accept'], ['search', 'search-cancel']]);
      if (s.game.map) return keys([['game', 'map-up'], ['game', 'toggle-map'], ['game', 'focus-chat'], ['game', 'hint']]);
      const chat: [KeyContext, string][] = s.room?.view.mode === 'solo' ? [] : [['game', 'focus-chat']];
      const all = keys([
        ['terminal', 'complete'], ['terminal', 'history-prev'], ['terminal', 'search'], ['terminal', 'interrupt'], ['terminal', 'page-up'],
        ['game', 'toggle-map'], ...chat, ['game', 'hint'], ['game', 'toggle-side'], ['game', 'leave'],
      ]);
      // Narrow: the game's own keys first; Tab, ↑, Ctrl-R and Ctrl-C work as in any shell.
      return all.length + 1 <= width ? all : keys([['game', 'hint'], ['game', 'toggle-map'], ...chat, ['game', 'toggle-side'], ['terminal', 'page-up'], ['game', 'leave']]);
    }
  }
}

const QUESTIONS: Record<string, string> = {
  'confirm-hint': 'Ask for a hint? It costs points. [y/N]',
  'confirm-leave': 'Leave the room? [y/N]',
  'confirm-end': 'End the drill for everyone now? [y/N]',
};

export function StatusLine({ s, width }: { s: AppState; width: number }) {
  const question = s.screen === 'game' ? QUESTIONS[s.game.focus] : undefined;
  if (question) {
    return (
      <Text color="black" backgroundColor="yellow" wrap="truncate">
        {` ${question}`.padEnd(width)}
      </Text>
    );
  }
  if (s.notice) {
    const color = s.notice.level === 'error' ? 'red' : s.notice.level === 'warn' ? 'yellow' : 'cyan';
    return (
      <Text color={color} bold={s.notice.level !== 'info'} wrap="truncate">
        {` ${s.notice.text}`}
      </Text>
    );
  }
  return (
    <Text color="gray" wrap="truncate">
      {` ${statusHints(s, width)}`}
    </Text>
  );
}

// The game screen: header, the shell pane (or the topology map), and the side column of
// panels — objectives and alerts, team feed, chat, hints. Below 100 columns the side column
// hides (Ctrl-S shows it) and the chat opens under the shell when focused.
import { Box } from 'ink';
import { gameLayout, frameCols, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';
import type { Segment } from '../../app/theme.js';
import { chatItems, feedItems, hintItems, objectiveItems, playerItems } from '../../panels/items.js';
import { panelWant, SidePanel, type PanelProps } from '../../panels/SidePanel.js';
import { keyFor } from '../../terminal/keys.js';
import { TerminalPane } from '../../terminal/TerminalPane.js';
import { promptHost } from '../../topology/model.js';
import { TopologyView } from '../../topology/TopologyView.js';
import { Header } from './Header.js';

type Panel = Omit<PanelProps, 'width' | 'height'> & { want: number; min: number; grow?: boolean; first?: boolean };

/** Splits `rows` between panels: each gets its minimum, then what it wants; the `grow` panel takes the rest. */
export function share(panels: { want: number; min: number; grow?: boolean; first?: boolean }[], rows: number): number[] {
  const out = panels.map((p) => p.min);
  let left = rows - out.reduce((a, b) => a + b, 0);
  // Panels that must show whole (the objectives) get what they want before the others.
  panels.forEach((p, i) => {
    if (!p.first || left <= 0) return;
    const more = Math.min(left, Math.max(0, p.want - out[i]));
    out[i] += more;
    left -= more;
  });
  // One row at a time to each panel still short of what it wants, in turn.
  for (let grew = true; left > 0 && grew; ) {
    grew = false;
    for (let i = 0; i < panels.length && left > 0; i++) {
      if (out[i] >= panels[i].want) continue;
      out[i]++;
      left--;
      grew = true;
    }
  }
  if (left > 0) out[Math.max(0, panels.findIndex((p) => p.grow))] += left;
  return out;
}

/** The chat's input line: its end stays in sight as the message grows. */
function chatInput(text: string, width: number): Segment[] {
  const room = Math.max(1, width - 7);
  return [{ text: '› ' }, { text: text.length > room ? '…' + text.slice(-(room - 1)) : text }, { text: ' ', inverse: true }];
}

function panels(s: AppState, width: number): Panel[] {
  const room = s.room!;
  const v = room.view;
  const solo = v.mode === 'solo';
  const chatFocused = s.game.focus === 'chat';
  const objectives = objectiveItems(v);
  const list: Panel[] = [
    { title: `Objectives ${Object.values(v.objectives).filter((o) => o.green).length}/${Object.keys(v.objectives).length}`, items: objectives, anchor: 'top', wrap: true, want: panelWant(objectives, width, true), min: 5, grow: solo, first: true },
  ];
  if (!solo) {
    list.push({ title: `Players ${Object.keys(v.players).length}`, items: playerItems(v, room.you), anchor: 'top', want: Object.keys(v.players).length + 3, min: 4 });
    list.push({ title: 'Team feed', items: feedItems(v), anchor: 'bottom', empty: 'Nobody has run anything yet.', want: 12, min: 5, grow: true });
    list.push({
      title: 'Chat',
      items: chatItems(v),
      anchor: 'bottom',
      wrap: true,
      focused: chatFocused,
      empty: 'No messages.',
      footer: chatFocused ? chatInput(s.game.chat.text, width) : [{ text: `${keyFor('focus-chat', 'game')} to chat`, tone: 'dim' }],
      // The feed matters more than old chat: the chat wants only what it shows.
      want: Math.min(9, panelWant(chatItems(v), width, true, 1)),
      min: 6,
    });
  }
  list.push({
    title: `Hints (${v.hintsUsed} used)`,
    items: hintItems(s.game.hints),
    anchor: 'bottom',
    wrap: true,
    empty: 'Stuck? Ask for a hint.',
    footer: [{ text: `${keyFor('hint', 'game')}: ask (costs points)`, tone: 'dim' }],
    want: s.game.hints.length ? 8 : 4,
    min: 4,
  });
  return list;
}

function SideColumn({ s, width, height }: { s: AppState; width: number; height: number }) {
  const list = panels(s, width);
  const heights = share(list, height);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {list.map((p, i) => (
        <SidePanel key={p.title.split(' ')[0]} {...p} width={width} height={heights[i]} />
      ))}
    </Box>
  );
}

export function GameScreen({ s, size }: { s: AppState; size: Size }) {
  const room = s.room!;
  const layout = gameLayout(size, s.game.side);
  const cols = frameCols(size);
  // Narrow screens: the chat opens under the shell while it has the focus.
  const chatBelow = s.game.focus === 'chat' && layout.sideCols === 0;
  const chatRows = chatBelow ? Math.min(8, Math.floor(layout.paneRows / 2)) : 0;
  const paneRows = layout.paneRows - chatRows;
  const shellFocused = s.game.focus === 'terminal' || s.game.focus === 'search';
  return (
    <Box flexDirection="column" width={cols} height={layout.paneRows + 1}>
      <Header room={room} conn={s.conn} width={cols} />
      <Box flexDirection="row" height={layout.paneRows}>
        <Box flexDirection="column" width={layout.paneCols} height={layout.paneRows}>
          {s.game.map ? (
            <TopologyView topology={s.topology} width={layout.paneCols} height={paneRows} scroll={s.game.mapScroll} start={promptHost(s.term.prompt)} />
          ) : (
            <TerminalPane term={s.term} width={layout.paneCols} height={paneRows} focused={shellFocused} />
          )}
          {chatBelow && (
            <SidePanel
              title="Chat (Esc: back to the shell)"
              items={chatItems(room.view)}
              anchor="bottom"
              wrap
              focused
              width={layout.paneCols}
              height={chatRows}
              footer={chatInput(s.game.chat.text, layout.paneCols)}
            />
          )}
        </Box>
        {layout.sideCols > 0 && <SideColumn s={s} width={layout.sideCols} height={layout.paneRows} />}
      </Box>
    </Box>
  );
}

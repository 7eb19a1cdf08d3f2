// One generic side-list panel, configured by data: a title, items made of coloured segments,
// kept from the top (a list) or the bottom (a log), wrapped or cut to the width, and an
// optional last row (the chat's input line). Every side list of the game screen —
// objectives, feed, players, chat, hints — is this panel.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { TONE_COLOR, type Segment } from '../app/theme.js';

export interface PanelItem {
  id: string;
  segments: Segment[];
}

export interface PanelProps {
  title: string;
  items: PanelItem[];
  width: number;
  /** Rows including the border. */
  height: number;
  /** `bottom`: a log, the newest rows are kept; `top`: a list, the first rows are kept. */
  anchor: 'top' | 'bottom';
  /** Long items continue on the next rows instead of being cut. */
  wrap?: boolean;
  focused?: boolean;
  /** Shown when there are no items. */
  empty?: string;
  /** A last row under the items (an input line, a key hint). */
  footer?: Segment[];
}

export function Segments({ segments }: { segments: Segment[] }) {
  return (
    <Text wrap="truncate">
      {segments.map((s, i) => (
        <Text key={i} color={s.tone ? TONE_COLOR[s.tone] : undefined} bold={s.tone === 'title'} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

/** Splits segments into rows of at most `width` characters. */
export function wrapSegments(segments: Segment[], width: number): Segment[][] {
  const rows: Segment[][] = [[]];
  let used = 0;
  for (const seg of segments) {
    let text = seg.text;
    while (text.length) {
      if (used >= width) {
        rows.push([]);
        used = 0;
      }
      const piece = text.slice(0, width - used);
      rows[rows.length - 1].push({ ...seg, text: piece });
      used += piece.length;
      text = text.slice(piece.length);
    }
  }
  return rows;
}

function SidePanelImpl({ title, items, width, height, anchor, wrap, focused, empty, footer }: PanelProps) {
  const inner = Math.max(1, width - 2);
  const capacity = Math.max(0, height - 3 - (footer ? 1 : 0));
  const all = items.flatMap((it) => (wrap ? wrapSegments(it.segments, inner) : [it.segments]).map((segments, i) => ({ key: `${it.id}:${i}`, segments })));
  let shown = all;
  let more = 0;
  if (all.length > capacity) {
    more = all.length - capacity + 1;
    shown = anchor === 'bottom' ? all.slice(all.length - capacity + 1) : all.slice(0, Math.max(0, capacity - 1));
  }
  const moreRow = more > 0 && capacity > 0 ? <Text color="gray">{anchor === 'bottom' ? `↑ ${more} earlier row(s)` : `↓ ${more} more row(s)`}</Text> : null;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} overflow="hidden">
      <Text bold color={focused ? 'cyan' : undefined} wrap="truncate">
        {` ${title}`}
      </Text>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {anchor === 'bottom' && moreRow}
        {items.length === 0 && empty ? (
          <Text color="gray" wrap="truncate">
            {empty}
          </Text>
        ) : null}
        {shown.map((r) => (
          <Segments key={r.key} segments={r.segments} />
        ))}
        {anchor === 'top' && moreRow}
      </Box>
      {footer && <Segments segments={footer} />}
    </Box>
  );
}

export const SidePanel = memo(SidePanelImpl);

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

/** Splits segments into rows of at most `width` characters, breaking after spaces where it can. */
export function wrapSegments(segments: Segment[], width: number): Segment[][] {
  const w = Math.max(1, width);
  // Cut points by character offset across all segments.
  const text = segments.map((s) => s.text).join('');
  const cuts: number[] = [];
  let start = 0;
  while (text.length - start > w) {
    const window = text.slice(start, start + w + 1);
    const space = window.lastIndexOf(' ');
    const end = space > 0 ? start + space + 1 : start + w;
    cuts.push(end);
    start = end;
  }
  cuts.push(text.length);
  const rows: Segment[][] = [];
  let from = 0;
  for (const to of cuts) {
    const row: Segment[] = [];
    let at = 0;
    for (const seg of segments) {
      const a = Math.max(from, at);
      const b = Math.min(to, at + seg.text.length);
      if (b > a) row.push({ ...seg, text: seg.text.slice(a - at, b - at) });
      at += seg.text.length;
    }
    // A row starting a continuation should not show the space it broke on.
    if (row.length) row[row.length - 1] = { ...row[row.length - 1], text: row[row.length - 1].text.replace(/ +$/, '') || row[row.length - 1].text };
    rows.push(row);
    from = to;
  }
  return rows;
}

/** Rows a panel of this width needs to show every item (border and title included). */
export function panelWant(items: PanelItem[], width: number, wrap = false, extra = 0): number {
  const inner = Math.max(1, width - 4);
  return 3 + extra + items.reduce((n, it) => n + (wrap ? wrapSegments(it.segments, inner).length : 1), 0);
}

function SidePanelImpl({ title, items, width, height, anchor, wrap, focused, empty, footer }: PanelProps) {
  const inner = Math.max(1, width - 4);
  const capacity = Math.max(0, height - 3 - (footer ? 1 : 0));
  const all = items.flatMap((it) => (wrap ? wrapSegments(it.segments, inner) : [it.segments]).map((segments, i) => ({ key: `${it.id}:${i}`, segments })));
  let shown = all;
  let more = 0;
  // The "more" row only where it leaves room for at least two rows of content.
  if (all.length > capacity && capacity < 3) shown = anchor === 'bottom' ? all.slice(all.length - capacity) : all.slice(0, capacity);
  else if (all.length > capacity) {
    more = all.length - capacity + 1;
    shown = anchor === 'bottom' ? all.slice(all.length - capacity + 1) : all.slice(0, Math.max(0, capacity - 1));
  }
  const moreRow = more > 0 && capacity > 0 ? <Text color="gray">{anchor === 'bottom' ? `↑ ${more} earlier row(s)` : `↓ ${more} more row(s)`}</Text> : null;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} paddingX={1} overflowY="hidden">
      <Text bold color={focused ? 'cyan' : undefined} wrap="truncate">
        {title}
      </Text>
      <Box flexDirection="column" flexGrow={1} overflowY="hidden">
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

// What each side panel lists, as data for the one generic panel.
import type { RoomView } from '../../shared/protocol.js';
import { MARK, type Segment } from '../app/theme.js';
import type { PanelItem } from './SidePanel.js';

const byKey = <T>(rec: Record<string, T>) => Object.entries(rec).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b));

/** mm:ss, or h:mm:ss past an hour (simulated time). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function objectiveItems(view: RoomView): PanelItem[] {
  const items: PanelItem[] = byKey(view.objectives).map(([id, o]) => ({
    id: `o-${id}`,
    segments: [{ text: `${o.green ? MARK.ok : MARK.bad} `, tone: o.green ? 'ok' : 'bad' }, { text: o.title }],
  }));
  for (const [id, a] of byKey(view.alerts)) {
    if (!a.firing) continue;
    items.push({ id: `a-${id}`, segments: [{ text: `${MARK.firing} `, tone: 'bad' }, { text: a.message, tone: 'bad' }] });
  }
  return items;
}

export function feedItems(view: RoomView): PanelItem[] {
  return byKey(view.feed).map(([id, f]) => {
    const exit: Segment = f.exit === null ? { text: '… ', tone: 'dim' } : f.exit === 0 ? { text: `${MARK.ok} `, tone: 'ok' } : { text: `${MARK.bad}${f.exit} `, tone: 'bad' };
    return { id, segments: [exit, { text: f.player, tone: 'accent' }, { text: `@${f.host}`, tone: 'dim' }, { text: ` ${f.line}` }] };
  });
}

export function chatItems(view: RoomView): PanelItem[] {
  return byKey(view.chat).map(([id, c]) => ({ id, segments: [{ text: `${c.player}: `, tone: 'accent' }, { text: c.text }] }));
}

export function playerItems(view: RoomView, you: string): PanelItem[] {
  return Object.entries(view.players).map(([id, p]) => ({
    id,
    segments: [
      { text: `${p.connected ? MARK.ready : MARK.notReady} `, tone: p.connected ? 'ok' : 'dim' },
      { text: p.name, tone: id === you ? 'title' : undefined },
      { text: p.role === 'gm' ? ' (game master)' : p.team ? ` team ${p.team.toUpperCase()}` : '', tone: 'dim' },
      { text: p.score !== undefined ? ` ${p.score} pts` : '', tone: 'accent' },
    ],
  }));
}

export function hintItems(hints: { tier: number; text: string; cost: number }[]): PanelItem[] {
  return hints.map((h, i) => ({ id: String(i), segments: [{ text: `#${h.tier} −${h.cost} `, tone: 'warn' }, { text: h.text }] }));
}

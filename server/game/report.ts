// The after-action report: outcome, root causes, reference fix, timeline of every command,
// alerts, hints, collateral damage and the score, as Markdown (`opsdrill report`, export)
// or as plain text (printed in the game). Both come from one list of sections.
import { formatRfc3339 } from '../sim/clock.js';
import { describeCheck } from './objectives.js';
import { BASE_POINTS, PENALTY } from './scoring.js';
import type { GameResult } from './game.js';

/** Simulated ms since the start as `m:ss` (`h:mm:ss` past an hour). */
export function clock(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

type Cell = { text: string; code?: boolean };
type Block = { kind: 'para'; lines: string[] } | { kind: 'code'; lines: string[] } | { kind: 'table'; head: string[]; rows: Cell[][] };
interface Section {
  title: string;
  blocks: Block[];
}

const para = (...lines: string[]): Block => ({ kind: 'para', lines });
const plain = (text: string | number): Cell => ({ text: String(text) });
const code = (text: string): Cell => ({ text, code: true });

function sections(r: GameResult): Section[] {
  const name = (id: string | undefined) => (id === undefined ? '—' : r.players.find((p) => p.id === id)?.name ?? id);
  const s = r.scenario;
  const out: Section[] = [];

  const outcome: string[] = [];
  outcome.push(r.mitigatedAt === undefined
    ? `Not mitigated: ${r.objectives.filter((o) => o.kind === 'objective' && !o.ok).length} objective(s) still red after ${clock(r.endedAt)}.`
    : `Mitigated at ${clock(r.mitigatedAt)} (par ${clock(s.parMs)}).`);
  const d = r.detectedAt;
  const detector = d && r.commands.find((c) => c.seq === d.seq);
  outcome.push(d && detector
    ? `Time to detect: ${clock(d.at)} — ${name(d.player)} ran \`${detector.line}\` on ${detector.host}.`
    : 'Time to detect: the faulty object was never looked at.');
  outcome.push(`Time to mitigate: ${r.mitigatedAt === undefined ? '—' : clock(r.mitigatedAt)}.`);
  outcome.push(`Score: ${r.score.total} (resolution ${r.score.resolution}, time ${r.score.time}, hints ${r.score.hints}, collateral ${r.score.collateral}).`);
  out.push({ title: 'Outcome', blocks: [para(...outcome)] });

  out.push({
    title: 'Root cause',
    blocks: [{
      kind: 'table', head: ['Cause', 'Fault', 'First looked at'],
      rows: r.faults.map((f, i) => {
        const det = r.detected[i];
        return [plain(f.description), code(f.type), plain(det ? `${clock(det.at)} by ${name(det.player)}` : 'never')];
      }),
    }],
  });

  if (r.reference) out.push({ title: `Reference fix: ${r.reference.name}`, blocks: [{ kind: 'code', lines: r.reference.steps }] });

  const wall = r.commands.some((c) => c.wallMs !== undefined);
  out.push({
    title: 'Timeline',
    blocks: [r.commands.length
      ? {
        kind: 'table', head: ['Time', ...(wall ? ['Wall clock (UTC)'] : []), 'Player', 'Where', 'Command', 'Exit', 'Changed'],
        rows: r.commands.map((c) => [
          plain(clock(c.at)), ...(wall ? [plain(c.wallMs === undefined ? '' : formatRfc3339(c.wallMs))] : []),
          plain(name(c.player)), plain(`${c.user}@${c.host}`), code(c.line), plain(c.exit), plain(c.changed ? 'yes' : ''),
        ]),
      }
      : para('No commands were run.')],
  });

  out.push({
    title: 'Alerts',
    blocks: [{
      kind: 'table', head: ['Fired', 'Cleared', 'Page'],
      rows: r.alerts.map((a) => [plain(clock(a.firedAt)), plain(a.clearedAt === undefined ? 'still firing' : clock(a.clearedAt)), plain(a.message)]),
    }],
  });

  const defs = [...s.objectives, ...s.guards];
  out.push({
    title: 'Objectives',
    blocks: [{
      kind: 'table', head: ['Objective', 'Kind', 'Status', 'Requires', 'Fixed by'],
      rows: r.objectives.map((o) => [
        plain(o.title), plain(o.kind), plain(o.ok ? 'green' : `red (${o.observed})`),
        plain(describeCheck(defs.find((x) => x.id === o.id)!.check)), plain(o.kind === 'objective' && o.ok ? name(r.fixedBy[o.id]) : ''),
      ]),
    }],
  });

  out.push({
    title: 'Hints used',
    blocks: [r.hints.length
      ? { kind: 'table', head: ['Time', 'Player', 'Tier', 'Cost', 'Hint'], rows: r.hints.map((h) => [plain(clock(h.at)), plain(name(h.player)), plain(h.hint.tier), plain(-h.hint.cost), plain(h.hint.text)]) }
      : para('None.')],
  });

  out.push({
    title: 'Collateral damage',
    blocks: [r.collateral.length
      ? { kind: 'table', head: ['Time', 'Player', 'Damage', 'Points'], rows: r.collateral.map((c) => [plain(clock(c.at)), plain(name(c.player)), plain(collateralText(c.kind, c.what)), plain(-PENALTY[c.kind])]) }
      : para('None.')],
  });

  out.push({
    title: 'Score',
    blocks: [
      {
        kind: 'table', head: ['Player', 'Resolution', 'Time', 'Hints', 'Collateral', 'Total'],
        rows: [
          ...r.score.players.map((p) => [plain(name(p.player)), plain(p.resolution), plain(p.time), plain(p.hints), plain(p.collateral), plain(p.total)]),
          [plain('Team'), plain(r.score.resolution), plain(r.score.time), plain(r.score.hints), plain(r.score.collateral), plain(r.score.total)],
        ],
      },
      para(
        `Resolution: ${BASE_POINTS[s.difficulty]} points for a ${s.difficulty} scenario, split between the objectives and credited to the player whose command turned each one green.`,
        `Time: up to half of that at or under par (${clock(s.parMs)}), nothing at twice par, shared by the players who changed the world.`,
        `Hints cost the player who asked; collateral damage (-${PENALTY.broke} an objective or guard turned red, -${PENALTY.protected} a protected object deleted, -${PENALTY.flow} a connection that no longer behaves as in the healthy world) is charged to the player whose command did it.`,
      ),
    ],
  });
  return out;
}

function collateralText(kind: 'broke' | 'protected' | 'flow', what: string): string {
  if (kind === 'broke') return `turned "${what}" red`;
  if (kind === 'protected') return `deleted protected ${what}`;
  return what;
}

function header(r: GameResult): string[] {
  const s = r.scenario;
  const players = r.players.map((p) => p.name).join(', ') || 'nobody';
  return [`Scenario ${s.id} (${s.difficulty}), seed ${r.seed}, par ${clock(s.parMs)}, played by ${players}; times are on the simulated clock, counted from when the page went out.`];
}

// --- Markdown ---------------------------------------------------------------------------

function mdCode(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  const pad = ticks.length > 1 ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\|/g, '\\|')}${pad}${ticks}`;
}

const mdCell = (c: Cell) => (c.code ? mdCode(c.text) : c.text.replace(/\|/g, '\\|').replace(/\n/g, ' '));

function mdBlock(b: Block): string {
  if (b.kind === 'para') return b.lines.join('\n') + '\n';
  if (b.kind === 'code') return '```sh\n' + b.lines.join('\n') + '\n```\n';
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [row(b.head), row(b.head.map(() => '---')), ...b.rows.map((r) => row(r.map(mdCell)))].join('\n') + '\n';
}

export function reportMarkdown(r: GameResult): string {
  const parts = [`# After-action report: ${r.scenario.title}\n`, header(r).join('\n') + '\n'];
  for (const s of sections(r)) parts.push(`## ${s.title}\n`, ...s.blocks.map(mdBlock));
  return parts.join('\n');
}

// --- plain text -------------------------------------------------------------------------

function textBlock(b: Block): string {
  if (b.kind === 'para') return b.lines.join('\n') + '\n';
  if (b.kind === 'code') return b.lines.map((l) => `    ${l}`).join('\n') + '\n';
  const rows = [b.head, ...b.rows.map((r) => r.map((c) => c.text.replace(/\n/g, ' ')))];
  const widths = b.head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

export function reportText(r: GameResult): string {
  const title = `After-action report: ${r.scenario.title}`;
  const parts = [`${title}\n${'='.repeat(title.length)}\n`, header(r).join('\n') + '\n'];
  for (const s of sections(r)) parts.push(`${s.title}\n${'-'.repeat(s.title.length)}\n`, ...s.blocks.map(textBlock));
  return parts.join('\n');
}

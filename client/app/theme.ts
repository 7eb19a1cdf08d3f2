// Colours by meaning, and symbols that carry the same meaning without colour (on a terminal
// without colours, chalk drops them and the ✔/✘ marks still tell green from red).

export type Tone = 'ok' | 'bad' | 'warn' | 'accent' | 'dim' | 'title';

/** A run of text with a meaning; rows of segments are what panels and the map draw. */
export interface Segment {
  text: string;
  tone?: Tone;
  inverse?: boolean;
}

export const TONE_COLOR: Record<Tone, string | undefined> = {
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  accent: 'cyan',
  dim: 'gray',
  title: undefined,
};

export const MARK = {
  ok: '✔',
  bad: '✘',
  ready: '●',
  notReady: '○',
  firing: '▲',
  cursor: '›',
};

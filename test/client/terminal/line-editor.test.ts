import { expect, test } from 'vitest';
import * as ed from '../../../client/terminal/line-editor.js';

const at = (text: string) => ({ text: text.replace('|', ''), cursor: text.indexOf('|') });
const show = (e: ed.Editor) => e.text.slice(0, e.cursor) + '|' + e.text.slice(e.cursor);

test.each([
  ['insert', (e: ed.Editor) => ed.insert(e, 'route '), 'ip |a', 'ip route |a'],
  ['backspace', ed.backspace, 'ip a|', 'ip |'],
  ['backspace at the start', ed.backspace, '|ip', '|ip'],
  ['delete under the cursor', ed.deleteForward, 'ip| a', 'ip|a'],
  ['word left', ed.wordLeft, 'ip route get 10.0.2.10|', 'ip route get |10.0.2.10'],
  ['word right', ed.wordRight, '|ip route', 'ip| route'],
  ['Ctrl-U', ed.killToStart, 'ip ro|ute', '|ute'],
  ['Ctrl-K', ed.killToEnd, 'ip ro|ute', 'ip ro|'],
  ['Ctrl-W', ed.killWord, 'kubectl get pods  |', 'kubectl get |'],
  ['home / end', (e: ed.Editor) => ed.end(ed.home(e)), 'i|p', 'ip|'],
])('%s', (_name, op, before, after) => {
  expect(show(op(at(before)))).toBe(after);
});

import { describe, expect, it } from 'vitest';
import { compileJsonPath, executeJsonPath, JsonPathError } from '../../../server/shell/commands/kubectl-jsonpath.js';

const data = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { app: 'web' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] }, spec: { replicas: 3 } },
    { metadata: { name: 'b' }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] }, spec: { replicas: 1 } },
  ],
};
const run = (t: string) => executeJsonPath(compileJsonPath(t), data);

describe('kubectl jsonpath', () => {
  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].metadata.name}', 'a'],
    ['{.items[-1].metadata.name}', 'b'],
    ['{.items[0:1].metadata.name}', 'a'],
    ['{.items[*].metadata.labels}', '{"app":"web"}'],
    ['{.items[0].metadata.labels.app}', 'web'],
    ["{.items[0].metadata['labels']}", '{"app":"web"}'],
    ['{.items[*].status.conditions[?(@.type=="Ready")].status}', 'True False'],
    ['{.items[?(@.spec.replicas>1)].metadata.name}', 'a'],
    ['{.items[?(@.metadata.labels)].metadata.name}', 'a'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', 'a\tRunning\nb\tPending\n'],
    ['name: {.items[0].metadata.name}!', 'name: a!'],
    ['{.items[*].nope}', ''],
    ['{.items[0,1].metadata.name}', 'a b'],
    ['{..phase}', 'Running Pending'],
    ['{.kind}', 'List'],
  ])('%s', (template, expected) => {
    expect(run(template)).toBe(expected);
  });

  it('reports errors like client-go', () => {
    expect(() => run('{.items[5]}')).toThrow(new JsonPathError('array index out of bounds: index 5, length 2'));
    expect(() => run('{.kind[0]}')).toThrow(new JsonPathError('string is not array or slice'));
    expect(() => compileJsonPath('{.items[')).toThrow(new JsonPathError('unterminated array'));
    expect(() => compileJsonPath('{.items')).toThrow(new JsonPathError('unclosed action'));
    expect(() => run('{end}')).toThrow(new JsonPathError('not in range, nothing to end'));
  });
});

// kubectl's -o yaml / -o json encoders against what kubectl v1.32 printed for the same
// object (test/fixtures/k8s/encoding/*.kubectl-v1.32.*, captured through a fake API server):
// go-yaml's quoting and folding rules, key order, Go's JSON escaping.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goJson, printJson } from '../../../server/shell/commands/kubectl-json.js';
import { goYaml } from '../../../server/shell/commands/kubectl-yaml.js';

const file = (name: string) => readFileSync(new URL(`../../fixtures/k8s/encoding/${name}`, import.meta.url), 'utf8');
const obj = JSON.parse(file('scalars.json')) as unknown;

describe('kubectl output encoders', () => {
  it('YAML matches kubectl byte for byte', () => {
    expect(goYaml(obj)).toBe(file('scalars.kubectl-v1.32.yaml'));
  });

  it('JSON matches kubectl byte for byte', () => {
    expect(printJson(obj)).toBe(file('scalars.kubectl-v1.32.json'));
  });

  it('orders YAML keys like go-yaml (digits numerically, non-letters before letters)', () => {
    expect(goYaml({ k10: 1, k2: 2, k1: 3, B: 4, a_b: 5, aB: 6 })).toBe('B: 4\na_b: 5\naB: 6\nk1: 3\nk2: 2\nk10: 1\n');
  });

  it('writes compact JSON for jsonpath', () => {
    expect(goJson({ b: [1, { c: '<x>' }], a: null })).toBe('{"a":null,"b":[1,{"c":"\\u003cx\\u003e"}]}');
  });
});

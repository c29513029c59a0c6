import { parse } from 'yaml';
import { toYaml, toYamlWithJsYaml } from '../../../lib/output/yaml';

describe('toYaml', () => {
  // Strings that some YAML reader could take for a number, boolean or null.
  const tricky = [
    'yes', 'No', 'on', 'OFF', 'y', 'N', 'true', 'null', '~', '', '1', '1.0', '1e3', '+12', '0777', '0o17', '0x1F', '0b101',
    '1_000', '1.5_0', '1:30', '190:20:30', '.inf', '-.inf', '.nan', '2026-01-01', ' padded', 'a: b', '#comment', '- item', '{{ .user }}',
  ];

  test.each(['1.1', '1.2'] as const)('every string reads back as the same string under YAML %s', (version) => {
    const data = Object.fromEntries(tricky.map((s, i) => [`k${String(i).padStart(2, '0')}`, s]));
    expect(parse(toYaml(data), { version })).toEqual(data);
  });

  test('plain strings stay unquoted and numbers stay numbers', () => {
    expect(toYaml({ name: 'web-1', host: 'counter.com', port: 8080, ratio: 0.5, on: true, list: ['a', 1] }))
      .toBe('host: counter.com\nlist:\n  - a\n  - 1\nname: web-1\n"on": true\nport: 8080\nratio: 0.5\n');
  });

  test('keys are sorted and long lines are not wrapped', () => {
    const long = 'x '.repeat(200).trim();
    expect(toYaml({ b: { d: 1, c: 2 }, a: long })).toBe(`a: ${long}\nb:\n  c: 2\n  d: 1\n`);
  });

  test('repeated objects are written out, not as anchors', () => {
    const shared = { app: 'web' };
    expect(toYaml({ a: shared, b: shared })).not.toContain('&');
  });
});

describe('toYaml writes exactly what js-yaml writes', () => {
  /** A small deterministic generator (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = [
    'web', 'a: b', '- x', '#', ' ', '', ':', '"', "'", '\\', '\n', '\t', '\r', '{', '[', ',', '*', '&', '!', '|', '>', '%', '@', '`',
    'yes', 'null', '1', '0x1F', '1:30', '1_000', '.5', '-', '~', 'é', '日本', '😀', '\u2028', '\u0007', '\ufeff', 'x'.repeat(90),
  ];

  function value(next: () => number, depth: number): unknown {
    const r = next();
    if (depth > 4 || r < 0.45) {
      const s = next();
      if (s < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      if (s < 0.75) return [0, -0, 1, -1, 0.5, 1e21, 1e-7, 123456789, NaN, Infinity, -Infinity][Math.floor(next() * 11)];
      if (s < 0.85) return next() < 0.5;
      if (s < 0.95) return null;
      return undefined;
    }
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    const entries = Array.from({ length: Math.floor(next() * 5) }, () => [value(next, 5), value(next, depth + 1)] as const);
    return Object.fromEntries(entries.filter(([k]) => typeof k === 'string'));
  }

  test('over 3000 generated documents of tricky strings, numbers, nesting and holes', () => {
    const next = random(20261130);
    let differing = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = value(next, 0);
      if (toYaml(doc) !== toYamlWithJsYaml(doc)) differing++;
    }
    expect(differing).toBe(0);
  });

  test.each([
    ['multi-line strings at several depths', { a: 'one\ntwo\n', b: [{ c: 'x\n  y' }, ['z\n']] }],
    ['negative zero after zero', { a: 0, b: -0, c: [0, -0] }],
    ['a key longer than 1024 characters', { ['k'.repeat(1100)]: 'v' }],
    ['undefined values and holes', { a: undefined, b: [undefined, 1], c: { d: undefined } }],
    ['empty containers', { a: {}, b: [], c: [[], {}], d: [[1, [2, 3]], { e: [] }] }],
    ['a date', { when: new Date(Date.UTC(2026, 0, 2)) }],
    ['top-level scalars and lists', ['a', 1, null]],
  ])('%s', (_what, doc) => {
    expect(toYaml(doc)).toBe(toYamlWithJsYaml(doc));
  });

  test('values YAML cannot represent fail as they do in js-yaml', () => {
    expect(() => toYaml({ f: () => 1 })).toThrow(/unacceptable kind of an object to dump/);
  });
});

import { parse } from 'yaml';
import { toYaml } from '../../../lib/output/yaml';

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

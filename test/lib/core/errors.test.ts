import { ValidationError, describeValue, escapeInvisible, rejectedValue } from '../../../lib/core/errors';

describe('describeValue shows the value the user wrote', () => {
  test.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [-0, '-0'],
    [0, '0'],
    [12n, '12n'],
    [null, 'null'],
    [undefined, 'undefined'],
    ['web', '"web"'],
    [{ replicas: NaN, sizes: [Infinity, 3n] }, '{"replicas":NaN,"sizes":[Infinity,3n]}'],
    [[1, 'a'], '[1,"a"]'],
    [Symbol('x'), 'Symbol(x)'],
    [function build() { /* nothing */ }, 'a function (build)'],
  ])('%p is shown as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  test('a circular object is marked, not a crash', () => {
    const loop: Record<string, unknown> = { name: 'web' };
    loop.self = loop;
    expect(describeValue(loop)).toBe('{"name":"web","self":[circular]}');
  });

  test('zero-width and direction characters are spelled out, inside strings and objects', () => {
    expect(describeValue('web\u200b')).toBe('"web\\u200b"');
    expect(describeValue('\u202eweb')).toBe('"\\u202eweb"');
    expect(describeValue({ 'app\ufeff': 'x\u00a0y' })).toBe('{"app\\ufeff":"x\\u00a0y"}');
    expect(escapeInvisible('plain text')).toBe('plain text');
  });

  test('a long string is cut, with its length', () => {
    const shown = describeValue('x'.repeat(300_000));
    expect(shown).toBe(`"${'x'.repeat(116)}... (300000 characters)`);
    // Escapes count in the cut as they print: 19 invisible characters spelled out, then the start of the 20th.
    expect(describeValue('\u200b'.repeat(500) + 'end')).toBe(`"${'\\u200b'.repeat(19)}\\u... (503 characters)`);
    expect(describeValue('a\nb'.repeat(100))).toBe(`"${'a\\nb'.repeat(29)}... (300 characters)`);
  });

  test('messages use it', () => {
    expect(rejectedValue(NaN, 'an integer')).toBe('got NaN; expected an integer');
    const err = new ValidationError([{ constructPath: 'shop/web', field: 'replicas', message: rejectedValue(Infinity, 'an integer from 0 to 10000') }]);
    expect(err.message).toBe('Invalid configuration (1 problem):\n  - [shop/web] replicas: got Infinity; expected an integer from 0 to 10000');
  });
});

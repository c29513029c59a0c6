import { codePoints } from '../../../lib/core/limits';

describe('codePoints', () => {
  test('counts as the string iterator does: a surrogate pair once, a lone surrogate once, anything else per unit', () => {
    const samples = ['', 'web', 'é', 'e\u0301', '😀', 'a😀b', '\ud800', '\udc00', '\ud800\ud800\udc00', '\udc00\ud800', 'x\ud83d', '🇫🇷', '\u0000\uffff'];
    expect(samples.map(codePoints)).toEqual(samples.map((s) => [...s].length));
    expect(samples.map(codePoints)).toEqual([0, 3, 1, 2, 1, 3, 1, 1, 2, 2, 2, 2, 2]);
  });

  test('counts a string of 300,000 characters without building an array of them', () => {
    expect(codePoints('x'.repeat(300_000))).toBe(300_000);
    expect(codePoints('😀'.repeat(100_000))).toBe(100_000);
  });
});

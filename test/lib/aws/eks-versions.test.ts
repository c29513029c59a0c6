import { EKS_VERSION_CALENDAR, inExtendedSupportOnly, inStandardSupport, isKnownEksVersion } from '../../../lib/aws';

describe('the EKS version calendar', () => {
  test('only its own versions are known: never a prototype key or a value that is not a string', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect([key, isKnownEksVersion(key), inStandardSupport(key), inExtendedSupportOnly(key)]).toEqual([key, false, false, false]);
    }
    for (const value of [null, undefined, 1.35, ['1.35'], { toString: () => '1.35' }]) {
      expect(inStandardSupport(value as string)).toBe(false);
    }
  });

  test('every version of the calendar is known', () => {
    expect(Object.keys(EKS_VERSION_CALENDAR).every(isKnownEksVersion)).toBe(true);
    expect(inStandardSupport('1.35')).toBe(true);
  });
});

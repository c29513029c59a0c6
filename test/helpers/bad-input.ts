import { App } from 'cdk8s';
import { ValidationError } from '../../lib/core/errors';
import { AppDefinition, synthApps } from '../../lib/output/synth-apps';
import { readTree, tempDir } from './tmp';

/** One bad input: how to build it, and what the error must say. */
export interface BadInput {
  /** What is wrong. */
  readonly title: string;
  /** Builds the bad constructs in a fresh app. */
  readonly build: (app: App) => void;
  /** The message must name the construct path, field and value... */
  readonly where: string;
  /** ...and the allowed form. */
  readonly expected: string;
}

/**
 * Declares one test per case: a synth of the bad app fails with a ValidationError that names path, field, value and
 * allowed form, prints no stack trace, and leaves the previous output (of `good`) untouched. Each case puts the bad app
 * first, so that `good` (which may hold a whole Terraform stack) is not synthesized again for every case; one test
 * puts it after `good`, to show that an app synthesized cleanly earlier in the same run is not written either.
 */
export function describeBadInputs(title: string, good: AppDefinition, cases: readonly BadInput[]): void {
  describe(title, () => {
    const outdir = tempDir();
    synthApps([good], outdir);
    const previous = readTree(outdir);
    // The message of the ValidationError the synth throws (no stack trace in it), or a failed test.
    const failure = (apps: AppDefinition[]): string => validationMessage(() => synthApps(apps, outdir));
    const bad = (build: BadInput['build']): AppDefinition => ({ name: 'bad', description: '', build });

    test('there are at least 20 cases, and a previous output to protect', () => {
      expect(cases.length).toBeGreaterThanOrEqual(20);
      expect(Object.keys(previous).length).toBeGreaterThan(0);
    });

    test('a bad app after a good one fails the same way, and the good one is not written either', () => {
      const { build, where, expected } = cases[0];
      expect(failure([good, bad(build)])).toContain(`${where}; expected ${expected}`);
      expect(readTree(outdir)).toEqual(previous);
    });

    test.each(cases)('$title', ({ build, where, expected }) => {
      expect(failure([bad(build), good])).toContain(`${where}; expected ${expected}`);
      expect(readTree(outdir)).toEqual(previous);
    });
  });
}

/**
 * `props` with extra keys its type does not have, as a JavaScript caller (or one using `as any`) can pass them:
 * the construct must refuse them instead of ignoring them.
 */
export function withUnknownProps<T extends object>(props: T, extra: Record<string, unknown>): T {
  return { ...props, ...extra };
}

/**
 * The message of the ValidationError that `run` throws; fails the test if it throws another error (a TypeError from
 * deep inside), prints a stack trace in its message, or throws nothing.
 */
export function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).not.toMatch(/\n\s+at /);
    return (err as Error).message;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

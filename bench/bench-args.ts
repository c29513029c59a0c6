import { ParseArgsConfig, parseArgs } from 'node:util';

/**
 * The options of a bench script (`config` must declare `help`), or undefined once it has printed its usage: on
 * stdout for --help, on stderr with the reason for a bad option (exit code 2).
 */
export function benchArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>>['values'] | undefined {
  let values: ReturnType<typeof parseArgs<T>>['values'];
  try {
    ({ values } = parseArgs(config));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return undefined;
  }
  return values;
}

import { createHash } from 'node:crypto';

/** The longest object name the strict schemas accept. */
export const MAX_NAME_LENGTH = 63;

/**
 * Shortens a generated name to at most `max` characters, deterministically: a name that fits is returned as is;
 * a longer one keeps its beginning and ends with "-" and 8 hex digits of its SHA-256, so distinct long names stay
 * distinct.
 */
export function boundedName(name: string, max = MAX_NAME_LENGTH): string {
  if (name.length <= max) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/[-.]+$/, '')}-${hash}`;
}

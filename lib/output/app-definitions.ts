import { DNS_LABEL } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
import { RESERVED_FOLDERS } from './artifacts';

// What synthApps and synthesizeDefinition check of what they are given, before anything is built: the app
// definitions (names become folders, descriptions are printed by --list) and the options (a misspelt option would
// otherwise be ignored, e.g. `{ stict: true }` synthesizing without strict mode).

const APP_KEYS = ['name', 'description', 'build', 'policy'];
const DEFINITION_OPTIONS = ['strict', 'policyErrors', 'policy', 'schemas', 'schemaCacheDir', 'env'];
const SYNTH_OPTIONS = ['only', 'check', 'strict', 'delivery', 'policy', 'schemas', 'schemaCacheDir', 'env', 'note', 'timeoutMs', 'foreignStaleMs'];

/** Records the problems of one app definition `def`, named `field` (e.g. "apps[2]"). */
export function checkAppDefinition(v: PropsValidator, field: string, def: unknown): boolean {
  if (!v.check(isObject(def), field, def, 'an app definition { name, description, build }')) {
    return false;
  }
  const a = def as Record<string, unknown>;
  v.knownProps(field, a, APP_KEYS);
  v.format(`${field}.name`, a.name as string | undefined, DNS_LABEL, true);
  v.check(!RESERVED_FOLDERS.includes(a.name as string), `${field}.name`, a.name, `a name other than ${RESERVED_FOLDERS.join(', ')} (reserved for other output)`);
  v.check(typeof a.description === 'string' && !/[\r\n]/.test(a.description), `${field}.description`, a.description,
    'one line of text (shown by --list)');
  v.check(typeof a.build === 'function', `${field}.build`, a.build, 'a function (app) => void that defines the app');
  return true;
}

/** Checks the options of synthesizeDefinition, or of synthApps (which has more). */
export function checkSynthOptions(v: PropsValidator, options: unknown, synthApps: boolean): void {
  if (!v.knownProps('options', options, synthApps ? SYNTH_OPTIONS : DEFINITION_OPTIONS)) {
    return;
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const flag of ['strict', 'check']) {
    v.check(o[flag] === undefined || typeof o[flag] === 'boolean', `options.${flag}`, o[flag], 'true or false');
  }
  v.check(o.policyErrors === undefined || o.policyErrors === 'throw' || o.policyErrors === 'report', 'options.policyErrors', o.policyErrors, '"throw" or "report"');
  v.check(o.schemas === undefined || o.schemas === false || (typeof o.schemas === 'string' && o.schemas.trim() !== ''), 'options.schemas', o.schemas,
    'the path of a schema folder, or false for none');
  v.check(o.schemaCacheDir === undefined || (typeof o.schemaCacheDir === 'string' && o.schemaCacheDir !== ''), 'options.schemaCacheDir', o.schemaCacheDir, 'a folder path');
  v.check(o.env === undefined || isObject(o.env), 'options.env', o.env, 'an object of environment variables, like process.env');
  v.check(o.note === undefined || typeof o.note === 'function', 'options.note', o.note, 'a function (line) => void');
  v.check(o.only === undefined || (Array.isArray(o.only) && o.only.every((n) => typeof n === 'string')), 'options.only', o.only, 'an array of app names');
  v.check(o.delivery === undefined || isObject(o.delivery), 'options.delivery', o.delivery, 'the GitOps delivery options { tool, repoURL, ... }');
  for (const ms of ['timeoutMs', 'foreignStaleMs']) {
    v.check(o[ms] === undefined || (Number.isInteger(o[ms]) && (o[ms] as number) >= 0), `options.${ms}`, o[ms], 'a whole number of milliseconds, 0 or more');
  }
}

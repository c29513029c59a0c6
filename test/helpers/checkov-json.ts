// The rules that Checkov's terraform_json framework applies when it reads a Terraform JSON file, re-implemented from
// reading its source (bridgecrewio/checkov: checkov/terraform_json/utils.py, parser.py, runner.py and
// checkov/common/parsers/yaml/loader.py), so that a test can tell whether Checkov would scan keelson's output, skip it
// as a parsing error, or crash on it. Only the rules are reproduced, in keelson's own code; see
// test/lib/aws/checkov-json.test.ts for what each rule is based on.

/** Checkov would crash on the file: an exception escapes its parser (it is not caught and reported as a parsing error). */
export class CheckovJsonCrash extends Error {
  public constructor(public readonly at: string, what: string) {
    super(`Checkov's terraform_json parser would crash at ${at}: ${what}`);
    this.name = 'CheckovJsonCrash';
  }
}

/** What Checkov's terraform_json framework makes of one file. */
export type CheckovJsonOutcome =
  /** Not one of its files (the name does not end with `.tf.json`): it is not read at all. */
  | { readonly kind: 'ignored' }
  /** Read, but reported as a parsing error and not scanned: no "resource" or "provider" in the text, or not a document. */
  | { readonly kind: 'parsing-error'; readonly why: string }
  /** Scanned: the definitions by block type, each block in the HCL parser's shape (see `hclify`). */
  | { readonly kind: 'scanned'; readonly definitions: Record<string, Array<Record<string, unknown>>> };

/** The `//` comment key, skipped at the top level, under each block type, and kept untouched inside a block. */
const COMMENT = '//';

function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function isSimple(x: unknown): boolean {
  return x === null || x === undefined || ['string', 'number', 'boolean'].includes(typeof x);
}

/** A Python type name for a JSON value, as a crash message would show it. */
function pythonType(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'object') return 'dict';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'boolean') return 'bool';
  return Number.isInteger(x) ? 'int' : 'float';
}

/** The strings "true" and "false" (any case) become booleans, as Checkov normalises scalar values. */
function normalised(x: unknown): unknown {
  if (typeof x === 'string' && ['true', 'false'].includes(x.toLowerCase())) {
    return x.toLowerCase() === 'true';
  }
  return x;
}

/**
 * A block's body in the shape of Checkov's HCL parser, by the rules of its terraform_json `hclify`: only a mapping is
 * accepted (anything else is a crash); `//` is kept as it is; a scalar or a list of scalars becomes a one-element list
 * (kept bare under `tags`); a list holding mappings becomes the list of those mappings, converted (other items
 * dropped); a mapping becomes a one-element list of the converted mapping (kept bare under `tags`); any other value
 * (a list of lists, say) is dropped.
 */
export function hclify(body: unknown, at: string, parentKey?: string): Record<string, unknown> {
  if (!isMapping(body)) {
    throw new CheckovJsonCrash(at, `a block body must be an object, got ${pythonType(body)} ${JSON.stringify(body)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const path = `${at}.${key}`;
    if (key === COMMENT) {
      out[key] = value;
    } else if (isSimple(value) || (Array.isArray(value) && value.every(isSimple))) {
      out[key] = parentKey === 'tags' ? value : [normalised(value)];
    } else if (Array.isArray(value) && value.some(isMapping)) {
      const items = value.flatMap((item, i) => (isMapping(item) ? [hclify(item, `${path}[${i}]`, key)] : []));
      out[key] = key === 'tags' ? [items] : items;
    } else if (isMapping(value)) {
      const inner = hclify(value, path, key);
      out[key] = parentKey === 'tags' ? inner : [inner];
    }
  }
  return out;
}

/**
 * What Checkov's terraform_json framework does with a file, by its rules:
 *
 * 1. only files whose name ends with `.tf.json` are read;
 * 2. a text without both words "resource" and "provider" is not parsed: it ends up among the parsing errors;
 * 3. the text is loaded as a YAML document (JSON is read as YAML flow style); one that does not load, or is empty, is
 *    a parsing error; a list document stands for its first element;
 * 4. every top-level entry except `//` must be an object, whose every entry except `//` is a block:
 *    - under `resource`, each entry is an object of resource names to bodies;
 *    - under `provider`, each entry must be a list of bodies (cdktf's form; the object form is iterated by key);
 *    - under any other key (`terraform`, `data`, `variable`, `output`, `locals`, `module`, ...), each entry is a body;
 *    and every body must be an object (see `hclify`). A value of another type there makes the parser raise an
 *    exception that nothing catches: Checkov crashes instead of scanning.
 *
 * Inline skips are not part of it: the runner scans every block with an empty skip list.
 */
export function parseLikeCheckov(fileName: string, text: string): CheckovJsonOutcome {
  if (!fileName.endsWith('.tf.json')) {
    return { kind: 'ignored' };
  }
  if (!text.includes('resource') || !text.includes('provider')) {
    return { kind: 'parsing-error', why: 'the text has no "resource" or no "provider"' };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return { kind: 'parsing-error', why: `not a document: ${(err as Error).message}` };
  }
  if (Array.isArray(document)) {
    document = document[0];
  }
  if (!isMapping(document) || Object.keys(document).length === 0) {
    return { kind: 'parsing-error', why: 'an empty document' };
  }
  const definitions: Record<string, Array<Record<string, unknown>>> = {};
  for (const [blockType, blocks] of Object.entries(document)) {
    if (blockType === COMMENT) {
      continue;
    }
    if (!isMapping(blocks)) {
      throw new CheckovJsonCrash(blockType, `the entries of a block type must form an object, got ${pythonType(blocks)}`);
    }
    const list: Array<Record<string, unknown>> = [];
    for (const [name, config] of Object.entries(blocks)) {
      const at = `${blockType}.${name}`;
      if (name === COMMENT) {
        continue;
      }
      if (blockType === 'resource') {
        if (!isMapping(config)) {
          throw new CheckovJsonCrash(at, `resources of a type must form an object, got ${pythonType(config)}`);
        }
        for (const [resourceName, body] of Object.entries(config)) {
          if (resourceName !== COMMENT) {
            list.push({ [name]: { [resourceName]: hclify(body, `${at}.${resourceName}`) } });
          }
        }
      } else if (blockType === 'provider') {
        if (!Array.isArray(config)) {
          // Iterating an object yields its keys, a string its characters: neither is a body.
          throw new CheckovJsonCrash(at, `provider configurations must be a list of objects, got ${pythonType(config)}`);
        }
        config.forEach((body, i) => list.push({ [name]: hclify(body, `${at}[${i}]`) }));
      } else {
        list.push({ [name]: hclify(config, at) });
      }
    }
    definitions[blockType] = list;
  }
  return { kind: 'scanned', definitions };
}

/** The body Checkov scans for resource `type.name` of a scanned file, or undefined. */
export function scannedResource(outcome: CheckovJsonOutcome, type: string, name: string): Record<string, unknown> | undefined {
  if (outcome.kind !== 'scanned') {
    return undefined;
  }
  const block = (outcome.definitions.resource ?? []).find((b) => isMapping(b[type]) && name in (b[type] as object));
  return block ? (block[type] as Record<string, Record<string, unknown>>)[name] : undefined;
}

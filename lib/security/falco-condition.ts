/**
 * A small parser for the Falco condition language (the filter syntax of rules and macros), used to check rules
 * files before they reach a cluster: syntax, and the names of the macros and lists a condition refers to.
 *
 * Grammar (as Falco's own parser reads it):
 *
 *     condition := or
 *     or        := and ("or" and)*
 *     and       := not ("and" not)*
 *     not       := "not" not | "(" or ")" | check | macro
 *     check     := field ("exists" | op value | listop "(" [item ("," item)*] ")")
 *     field     := name ["[" arg "]"] | transformer "(" field ")"
 *     value     := quoted string | "val(" field ")" | bare word
 *
 * A field always has a dot (`proc.name`, `ka.req.pod.host_network`, `proc.aname[2]`); a bare name in boolean
 * position is a macro. Inside the parentheses after `in`, `intersects` or `pmatch`, a bare name is a list; literal
 * words there must be quoted, so that a mistyped list name is an error instead of a silent literal. Numbers,
 * `true`/`false` and words with `/`, `.`, `:`, `-` and the like are literals.
 */

/** Comparison operators that take one value. */
const VALUE_OPERATORS = ['contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex'];
/** Operators that take a parenthesized list of values. */
const LIST_OPERATORS = ['in', 'intersects', 'pmatch'];
/** Symbolic comparison operators, longest first. */
const SYMBOL_OPERATORS = ['==', '!=', '<=', '>=', '=', '<', '>'];
/** Field transformers, e.g. `tolower(proc.name)`. */
const TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len'];
const KEYWORDS = ['and', 'or', 'not'];

/** Every operator a check may use, for error messages. */
export const FALCO_OPERATORS: readonly string[] = [...SYMBOL_OPERATORS, ...VALUE_OPERATORS, ...LIST_OPERATORS, 'exists'];

/** A name a condition refers to, with the offset where it starts. */
export interface FalcoReference {
  /** The macro or list name. */
  readonly name: string;
  /** Zero-based offset in the condition text. */
  readonly offset: number;
}

/** What a valid condition refers to. */
export interface FalcoConditionRefs {
  /** Bare names in boolean position: macros. */
  readonly macros: readonly FalcoReference[];
  /** Bare names inside the value lists of `in`, `intersects` and `pmatch`: lists. */
  readonly lists: readonly FalcoReference[];
  /** Fields compared, without their argument (`proc.aname[2]` gives `proc.aname`). */
  readonly fields: readonly string[];
}

/** A syntax error: what was expected, and where. */
export interface FalcoSyntaxError {
  /** What is wrong, e.g. `expected ")" to close the "(" at column 1`. */
  readonly message: string;
  /** Zero-based offset of the problem. */
  readonly offset: number;
}

/** The result of {@link parseFalcoCondition}. */
export type FalcoConditionParse =
  | { readonly ok: true; readonly refs: FalcoConditionRefs }
  | { readonly ok: false; readonly error: FalcoSyntaxError };

class SyntaxFailure extends Error {
  public constructor(public readonly offset: number, message: string) {
    super(message);
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_.]/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPACE = /\s/;

/** Words that cannot name a macro or list: the boolean keywords, word operators and the boolean literals. */
const RESERVED = [...KEYWORDS, ...VALUE_OPERATORS, ...LIST_OPERATORS, 'exists', 'true', 'false'];

/** True for a bare word that names a macro or list rather than being a literal (or a keyword). */
export function isFalcoIdentifier(word: string): boolean {
  return typeof word === 'string' && IDENTIFIER.test(word) && !RESERVED.includes(word);
}

/** Scans and parses one condition; collects the references on the way. */
class ConditionParser {
  private pos = 0;
  private readonly macros: FalcoReference[] = [];
  private readonly lists: FalcoReference[] = [];
  private readonly fields: string[] = [];

  public constructor(private readonly text: string) {}

  public parse(): FalcoConditionRefs {
    this.skipSpace();
    if (this.atEnd()) {
      throw new SyntaxFailure(0, 'the condition is empty');
    }
    this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) {
      const found = this.describeNext();
      throw new SyntaxFailure(this.pos, this.peek() === ')' ? 'found ")" without a matching "("' : `expected "and", "or" or the end, but found ${found}`);
    }
    return { macros: this.macros, lists: this.lists, fields: [...new Set(this.fields)] };
  }

  private parseOr(): void {
    this.parseAnd();
    while (this.acceptKeyword('or')) {
      this.parseAnd();
    }
  }

  private parseAnd(): void {
    this.parseNot();
    while (this.acceptKeyword('and')) {
      this.parseNot();
    }
  }

  private parseNot(): void {
    if (this.acceptKeyword('not')) {
      this.parseNot();
      return;
    }
    this.parsePrimary();
  }

  private parsePrimary(): void {
    this.skipSpace();
    const start = this.pos;
    if (this.peek() === '(') {
      this.pos++;
      this.parseOr();
      this.skipSpace();
      if (this.peek() !== ')') {
        throw new SyntaxFailure(this.pos, `expected ")" to close the "(" at column ${start + 1}, but found ${this.describeNext()}`);
      }
      this.pos++;
      return;
    }
    const word = this.readName();
    if (word === undefined || KEYWORDS.includes(word)) {
      this.pos = start;
      throw new SyntaxFailure(start, `expected a field comparison, a macro name, "not" or "(", but found ${this.describeNext()}`);
    }
    if (TRANSFORMERS.includes(word) && this.peek() === '(') {
      this.pos = start;
      this.parseField();
      this.parseComparison(word);
      return;
    }
    if (!word.includes('.')) {
      if (this.nextIsOperator()) {
        throw new SyntaxFailure(start, `"${word}" is compared like a field, but fields have a class prefix such as "proc.name" (a bare name is a macro)`);
      }
      this.macros.push({ name: word, offset: start });
      return;
    }
    this.pos = start;
    const field = this.parseField();
    this.parseComparison(field);
  }

  /** Reads `class.name`, `class.name[arg]` or `transformer(field)`; returns the field for messages. */
  private parseField(): string {
    this.skipSpace();
    const start = this.pos;
    const word = this.readName();
    if (word === undefined) {
      throw new SyntaxFailure(start, `expected a field such as "proc.name", but found ${this.describeNext()}`);
    }
    if (TRANSFORMERS.includes(word) && this.peek() === '(') {
      this.pos++;
      const inner = this.parseField();
      this.skipSpace();
      if (this.peek() !== ')') {
        throw new SyntaxFailure(this.pos, `expected ")" after ${word}(${inner}, but found ${this.describeNext()}`);
      }
      this.pos++;
      return `${word}(${inner})`;
    }
    if (!word.includes('.') || word.endsWith('.') || word.includes('..') || word.startsWith('.')) {
      throw new SyntaxFailure(start, `"${word}" is not a field: fields look like "proc.name" or "ka.req.pod.host_network"`);
    }
    if (this.peek() === '[') {
      const close = this.text.indexOf(']', this.pos);
      if (close < 0) {
        throw new SyntaxFailure(this.pos, `"[" after field ${word} is not closed with "]"`);
      }
      if (close === this.pos + 1) {
        throw new SyntaxFailure(this.pos, `the argument of ${word}[] is empty`);
      }
      this.pos = close + 1;
    }
    this.fields.push(word);
    return word;
  }

  private parseComparison(field: string): void {
    this.skipSpace();
    const opStart = this.pos;
    const symbol = SYMBOL_OPERATORS.find((op) => this.text.startsWith(op, this.pos));
    if (symbol) {
      this.pos += symbol.length;
      this.parseValue(field, symbol);
      return;
    }
    const word = this.readName();
    if (word === 'exists') {
      return;
    }
    if (word !== undefined && VALUE_OPERATORS.includes(word)) {
      this.parseValue(field, word);
      return;
    }
    if (word !== undefined && LIST_OPERATORS.includes(word)) {
      this.parseValueList(field, word);
      return;
    }
    this.pos = opStart;
    throw new SyntaxFailure(opStart, `expected an operator after field ${field} (one of ${FALCO_OPERATORS.join(', ')}), but found ${this.describeNext()}`);
  }

  private parseValue(field: string, op: string): void {
    this.skipSpace();
    const start = this.pos;
    const c = this.peek();
    if (c === '"' || c === '\'') {
      this.readQuoted();
      return;
    }
    if (c === '(') {
      throw new SyntaxFailure(start, `"${op}" compares ${field} with one value; use "in" (or "intersects", "pmatch") for a list of values`);
    }
    if (this.text.startsWith('val(', this.pos)) {
      this.pos += 4;
      this.parseField();
      this.skipSpace();
      if (this.peek() !== ')') {
        throw new SyntaxFailure(this.pos, `expected ")" to close val(, but found ${this.describeNext()}`);
      }
      this.pos++;
      return;
    }
    const word = this.readBare();
    if (word === '') {
      throw new SyntaxFailure(start, `expected a value after "${field} ${op}", but found ${this.describeNext()}`);
    }
  }

  private parseValueList(field: string, op: string): void {
    this.skipSpace();
    if (this.peek() !== '(') {
      throw new SyntaxFailure(this.pos, `"${op}" takes a list in parentheses, e.g. "${field} ${op} (a_list, \\"value\\")", but found ${this.describeNext()}`);
    }
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      const c = this.peek();
      if (c === '"' || c === '\'') {
        this.readQuoted();
      } else {
        const word = this.readBare();
        if (word === '') {
          throw new SyntaxFailure(start, `expected a value or a list name in the list after "${op}", but found ${this.describeNext()}`);
        }
        if (isFalcoIdentifier(word)) {
          this.lists.push({ name: word, offset: start });
        }
      }
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === ')') {
        this.pos++;
        return;
      }
      throw new SyntaxFailure(this.pos, `expected "," or ")" in the list opened at column ${open + 1}, but found ${this.describeNext()}`);
    }
  }

  /** A quoted string with backslash escapes; the position moves past the closing quote. */
  private readQuoted(): void {
    const start = this.pos;
    const quote = this.text[this.pos++];
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '\\') {
        this.pos++;
      } else if (c === quote) {
        return;
      }
    }
    throw new SyntaxFailure(start, `the string starting with ${quote} is not closed`);
  }

  /** A bare value: everything up to white space, a parenthesis, a comma or a quote. */
  private readBare(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !SPACE.test(this.text[this.pos]) && !'(),"\''.includes(this.text[this.pos])) {
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** A name (letters, digits, "_", "."), or undefined when none starts here. */
  private readName(): string | undefined {
    this.skipSpace();
    if (this.atEnd() || !NAME_START.test(this.text[this.pos])) {
      return undefined;
    }
    const start = this.pos;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos])) {
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Consumes a keyword that stands as a whole word. */
  private acceptKeyword(keyword: string): boolean {
    this.skipSpace();
    const end = this.pos + keyword.length;
    if (this.text.startsWith(keyword, this.pos) && (end === this.text.length || !NAME_CHAR.test(this.text[end]))) {
      this.pos = end;
      return true;
    }
    return false;
  }

  /** True when an operator follows (without consuming it). */
  private nextIsOperator(): boolean {
    const save = this.pos;
    this.skipSpace();
    const symbol = SYMBOL_OPERATORS.some((op) => this.text.startsWith(op, this.pos));
    const word = symbol ? undefined : this.readName();
    this.pos = save;
    return symbol || (word !== undefined && [...VALUE_OPERATORS, ...LIST_OPERATORS, 'exists'].includes(word));
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && SPACE.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** The next few characters, quoted, or "the end of the condition". */
  private describeNext(): string {
    this.skipSpace();
    if (this.atEnd()) {
      return 'the end of the condition';
    }
    const rest = this.text.slice(this.pos).split(/\s/)[0];
    return `"${rest.length > 20 ? `${rest.slice(0, 20)}...` : rest}"`;
  }
}

/**
 * Parses a Falco condition. On success, returns the macros and lists it names and the fields it compares; on
 * failure, a message with the zero-based offset of the problem.
 */
export function parseFalcoCondition(text: string): FalcoConditionParse {
  try {
    return { ok: true, refs: new ConditionParser(text).parse() };
  } catch (err) {
    if (err instanceof SyntaxFailure) {
      return { ok: false, error: { message: err.message, offset: err.offset } };
    }
    throw err;
  }
}

/** The `%field` placeholders of a rule output, without their argument (`%proc.aname[2]` gives `proc.aname`). */
export function falcoOutputFields(output: string): string[] {
  return [...output.matchAll(/%([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)/g)].map((m) => m[1]);
}

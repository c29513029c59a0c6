/** A directive of an nginx configuration file, as nginx reads it: name, arguments and, for blocks, children. */
export interface ParsedDirective {
  readonly name: string;
  readonly args: string[];
  readonly block?: ParsedDirective[];
}

/**
 * Parses nginx configuration text into directives: words separated by white space, `;` ending a simple
 * directive, `{ … }` a block, `#` a comment to the end of the line. Quotes are not supported (the renderer never
 * writes them). Throws on unbalanced braces or a directive without `;`, as nginx would refuse to start.
 */
export function parseNginxConfig(text: string): ParsedDirective[] {
  const tokens = text.replace(/#[^\n]*/g, '').match(/[{};]|[^\s{};]+/g) ?? [];
  let pos = 0;
  const parseBlock = (nested: boolean): ParsedDirective[] => {
    const out: ParsedDirective[] = [];
    let words: string[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if (t === ';') {
        if (words.length === 0) throw new Error('empty directive');
        out.push({ name: words[0], args: words.slice(1) });
        words = [];
      } else if (t === '{') {
        if (words.length === 0) throw new Error('block without a name');
        const [name, ...args] = words;
        words = [];
        out.push({ name, args, block: parseBlock(true) });
      } else if (t === '}') {
        if (!nested || words.length > 0) throw new Error(`unexpected "}" after ${words.join(' ') || 'nothing'}`);
        return out;
      } else {
        words.push(t);
      }
    }
    if (nested || words.length > 0) throw new Error('unexpected end of file');
    return out;
  };
  return parseBlock(false);
}

/** The directives at a path such as "http/server/listen". */
export function directives(config: ParsedDirective[], path: string): ParsedDirective[] {
  const [head, ...rest] = path.split('/');
  const here = config.filter((d) => d.name === head);
  return rest.length === 0 ? here : here.flatMap((d) => directives(d.block ?? [], rest.join('/')));
}

/** The arguments of the one directive at `path`. */
export function directiveArgs(config: ParsedDirective[], path: string): string[] {
  const found = directives(config, path);
  if (found.length !== 1) {
    throw new Error(`expected one "${path}", found ${found.length}`);
  }
  return found[0].args;
}

// Finds the JSON values in a model's reply and reads them the way a person would, not the way
// JSON.parse does. Models wrap JSON in prose and fences, write Python literals (True, None,
// single quotes), leave trailing commas, and put unescaped quotes inside strings. A strict parser
// loses the whole verdict for any of those; this one reads them all and gives up only on text
// that has no structure at all.
//
// Accepted beyond JSON: 'single-quoted' strings, raw newlines in strings, a quote inside a string
// when what follows it cannot end the string, unquoted keys (`BLOCK-3: {...}`), True/False/None,
// trailing commas.

interface Parsed {
  value: unknown;
  end: number;
}

class Reader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? '';
  }

  value(): unknown {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string(c);
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|True|False|None)(?![\w$])/.exec(
      this.text.slice(this.at, this.at + 40),
    );
    if (!literal) throw new SyntaxError(`unexpected ${JSON.stringify(c)} at ${this.at}`);
    this.at += literal[0].length;
    const word = literal[0];
    if (word === 'true' || word === 'True') return true;
    if (word === 'false' || word === 'False') return false;
    if (word === 'null' || word === 'None') return null;
    return Number(word);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++; // {
    for (;;) {
      let c = this.peek();
      if (c === '}') {
        this.at++;
        return out;
      }
      const key = c === '"' || c === "'" ? this.string(c) : this.bareKey();
      if (this.peek() !== ':') throw new SyntaxError(`expected ":" at ${this.at}`);
      this.at++;
      out[key] = this.value();
      c = this.peek();
      if (c === ',') this.at++;
      else if (c !== '}') throw new SyntaxError(`expected "," or "}" at ${this.at}`);
    }
  }

  private bareKey(): string {
    const key = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.at, this.at + 80));
    if (!key) throw new SyntaxError(`expected a key at ${this.at}`);
    this.at += key[0].length;
    return key[0];
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at++; // [
    for (;;) {
      let c = this.peek();
      if (c === ']') {
        this.at++;
        return out;
      }
      out.push(this.value());
      c = this.peek();
      if (c === ',') this.at++;
      else if (c !== ']') throw new SyntaxError(`expected "," or "]" at ${this.at}`);
    }
  }

  /** A quote ends the string only when what follows could follow a string. */
  private closesString(after: number): boolean {
    const rest = /^\s*(.?)/.exec(this.text.slice(after, after + 200));
    const next = rest?.[1] ?? '';
    return next === '' || ',:}]'.includes(next);
  }

  private string(quote: string): string {
    let out = '';
    this.at++;
    while (this.at < this.text.length) {
      const c = this.text[this.at++];
      if (c === quote) {
        if (this.closesString(this.at)) return out;
        out += c;
      } else if (c === '\\') {
        const e = this.text[this.at++] ?? '';
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at, this.at + 4))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.at, this.at + 4), 16));
          this.at += 4;
        } else {
          out += simple[e] ?? e;
        }
      } else {
        out += c;
      }
    }
    throw new SyntaxError('unterminated string');
  }
}

/** Parses one value starting at `at` (an opening brace or bracket), or undefined if it is not one. */
export function parseRelaxedAt(text: string, at: number): Parsed | undefined {
  try {
    const reader = new Reader(text, at);
    const value = reader.value();
    return { value, end: reader.at };
  } catch {
    return undefined;
  }
}

/** Every top-level object or array in the text, in order; text between them is skipped. */
export function findJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let at = 0;
  while (at < text.length) {
    const next = text.slice(at).search(/[{[]/);
    if (next < 0) break;
    const start = at + next;
    const parsed = parseRelaxedAt(text, start);
    if (parsed) {
      values.push(parsed.value);
      at = parsed.end;
    } else {
      at = start + 1;
    }
  }
  return values;
}

/**
 * Finds the first syntax error in text that JSON.parse rejected, with its offset: V8's messages do not
 * always carry a position ("Unexpected token ']', ... is not valid JSON"). Only runs on the error path.
 */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly reason: string;
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE_RE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Fail {
  constructor(readonly error: JsonSyntaxError) {}
}

export function findJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new Fail({ offset: at, reason });
  };
  const describe = (at: number): string => {
    const ch = text[at];
    if (ch === undefined) return 'end of input';
    return ch < ' ' ? JSON.stringify(ch) : `'${ch}'`;
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (ch: string, what: string): void => {
    skipSpace();
    if (text[i] !== ch) fail(`expected ${what}, got ${describe(i)}`);
    i++;
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail('unterminated string');
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        ESCAPE_RE.lastIndex = i;
        if (!ESCAPE_RE.test(text)) fail('invalid escape sequence');
        i = ESCAPE_RE.lastIndex;
      } else if (ch! < ' ') {
        fail('control character in string');
      } else {
        i++;
      }
    }
  };
  const value = (): void => {
    skipSpace();
    const ch = text[i];
    NUMBER_RE.lastIndex = i;
    if (ch === '{') object();
    else if (ch === '[') array();
    else if (ch === '"') string();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else if (ch !== undefined && '-0123456789'.includes(ch) && NUMBER_RE.test(text)) i = NUMBER_RE.lastIndex;
    else fail(`unexpected ${describe(i)}, expected a value`);
  };
  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ']') break;
      if (text[i] !== ',') fail(`expected ',' or ']', got ${describe(i)}`);
      const comma = i++;
      skipSpace();
      if (text[i] === ']') fail("trailing comma before ']'", comma);
    }
    i++;
  };
  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a property name in double quotes, got ${describe(i)}`);
      string();
      expect(':', "':'");
      value();
      skipSpace();
      if (text[i] === '}') break;
      if (text[i] !== ',') fail(`expected ',' or '}', got ${describe(i)}`);
      const comma = i++;
      skipSpace();
      if (text[i] === '}') fail("trailing comma before '}'", comma);
    }
    i++;
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return e.error;
    if (e instanceof RangeError) return undefined; // nested deeper than the stack: let the caller say so
    throw e;
  }
}

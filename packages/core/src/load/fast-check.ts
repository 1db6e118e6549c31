/**
 * A fast structural check derived from a zod schema, for the loader's hot path: it accepts the common,
 * well-formed shape of an object without running zod, and says "don't know" about everything else, which then
 * goes through the schema itself (so error messages are zod's, exactly as before).
 *
 * The contract of a compiled check: `check(value)` is true only when `schema.safeParse(value)` succeeds with
 * data deep-equal to `value` (nothing defaulted or transformed, unknown fields kept). The loader then keeps
 * `value` itself instead of zod's copy. False means nothing: the caller runs zod. Inputs are what JSON.parse and
 * js-yaml produce (plain objects and arrays, no symbol keys, no accessors), and the caller makes sure that no
 * object sits at two places (YAML aliases): zod's copies of it would be separate objects.
 *
 * The check is compiled from the schema's definition, so a field added to a schema is checked without touching
 * this file. Schema features it does not know (transforms, defaults, string formats, refinements other than the
 * registered ones) compile to "don't know" for the values that reach them. It is compiled to JavaScript source
 * (one function per object, array and record schema, as zod's own JIT does): a tree of closures calls through
 * megamorphic sites and runs about five times slower.
 */

/** The zod internals this file reads (stable across zod 4: `_zod.def`, `_zod.traits`, `_zod.optin`, `_zod.values`). */
interface SchemaLike {
  readonly _zod: {
    readonly def: SchemaDef;
    readonly traits: ReadonlySet<string>;
    readonly optin?: 'optional' | 'defaulted' | undefined;
    readonly values?: ReadonlySet<unknown> | undefined;
  };
}

interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly SchemaLike[];
  readonly coerce?: boolean;
  // object
  readonly shape?: Readonly<Record<string, SchemaLike>>;
  readonly catchall?: SchemaLike;
  // array
  readonly element?: SchemaLike;
  // record
  readonly keyType?: SchemaLike;
  readonly valueType?: SchemaLike;
  readonly mode?: string;
  // union
  readonly options?: readonly SchemaLike[];
  readonly inclusive?: boolean;
  readonly discriminator?: unknown;
  // optional, nullable
  readonly innerType?: SchemaLike;
  // checks
  readonly check?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: unknown;
  readonly format?: string;
}

/** Whether the value certainly parses to itself. */
export type FastCheck = (value: unknown) => boolean;

/** A predicate standing in for a refinement (`superRefine`) of a known schema: true when it adds no issue. */
export type RefinementPredicate = (value: never) => boolean;

/** A compiled schema: a boolean JavaScript expression over a variable, and whether it is exact. */
interface Compiled {
  readonly test: (x: string) => string;
  /** False means zod rejects too. Only exact checks may be options of a union (zod keeps the first that parses). */
  readonly exact: boolean;
}

const UNKNOWN: Compiled = { test: () => 'false', exact: false };
const ANYTHING: Compiled = { test: () => 'true', exact: true };

/** Code points of a string, as zod counts string lengths (a surrogate pair counts once). */
function codePointLength(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** Helpers and values the generated code reads, by these names. */
const RUNTIME = {
  codePointLength,
  getPrototypeOf: Object.getPrototypeOf,
  hasOwn: Object.hasOwn,
  isArray: Array.isArray,
  ObjectPrototype: Object.prototype,
} as const;

/**
 * A plain object, as JSON.parse and js-yaml make them (zod's copies have this prototype too); not an array.
 * `hasOwn` catches an own `__proto__` key, which zod leaves out of its copy.
 */
const PLAIN_OBJECT = `if (typeof v !== 'object' || v === null || getPrototypeOf(v) !== ObjectPrototype || hasOwn(v, '__proto__')) return false;`;

/** The schema's checks (a schema that is itself a check, such as `z.int()`, counts as its first one). */
function checksOf(schema: SchemaLike): readonly SchemaLike[] {
  const own = schema._zod.def.checks ?? [];
  return schema._zod.traits.has('$ZodCheck') ? [schema, ...own] : own;
}

function numberLiteral(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/**
 * One zod check (min, max, int...) as an expression on a value that already has the schema's type; undefined
 * when the check is not one this file knows.
 */
function checkTest(check: SchemaLike, type: string, x: string): string | undefined {
  const d = check._zod.def;
  switch (d.check) {
    case 'min_length': {
      const min = numberLiteral(d.minimum);
      if (min === undefined) return undefined;
      if (type === 'array') return `${x}.length >= ${min}`;
      // zod counts code points; units >= 2 * min code points always hold min of them.
      if (type === 'string')
        return `(${x}.length >= ${min} && (${x}.length >= 2 * ${min} || codePointLength(${x}) >= ${min}))`;
      return undefined;
    }
    case 'max_length': {
      const max = numberLiteral(d.maximum);
      if (max === undefined) return undefined;
      if (type === 'array') return `${x}.length <= ${max}`;
      if (type === 'string') return `(${x}.length <= ${max} || codePointLength(${x}) <= ${max})`;
      return undefined;
    }
    case 'greater_than':
    case 'less_than': {
      const bound = numberLiteral(d.value);
      if (type !== 'number' || bound === undefined) return undefined;
      const op = d.check === 'greater_than' ? '>' : '<';
      return `${x} ${op}${d.inclusive ? '=' : ''} ${bound}`;
    }
    case 'number_format':
      return type === 'number' && d.format === 'safeint' ? `Number.isSafeInteger(${x})` : undefined;
    default:
      return undefined;
  }
}

/**
 * Compiles checks for zod schemas. A schema with a refinement is accepted only when `refinements` holds a
 * predicate for it that is true exactly when the refinement adds no issue.
 */
export class FastCheckCompiler {
  private readonly refinements: ReadonlyMap<object, RefinementPredicate>;
  private readonly cache = new Map<SchemaLike, Compiled>();
  /** Generated functions, `f0`, `f1`...: one per object, array and record schema. */
  private readonly functions: string[] = [];
  /** Values the generated code reads, `c0`, `c1`...: refinement predicates and enum value sets. */
  private readonly constants: unknown[] = [];

  constructor(refinements: ReadonlyMap<object, RefinementPredicate> = new Map()) {
    this.refinements = refinements;
  }

  /** The check for a zod schema (any `z.ZodType`). */
  compile(schema: object): FastCheck {
    return this.compileAll([schema])[0]!;
  }

  /** The checks for several schemas, generated together so that the schemas they share share code. */
  compileAll(schemas: readonly object[]): FastCheck[] {
    const roots = schemas.map((s) => this.compiled(s as SchemaLike).test('v'));
    const checks = roots.map((test) => `function (v) { return ${test}; }`);
    const source = [...this.functions, `return [${checks.join(', ')}];`].join('\n');
    const names = [...Object.keys(RUNTIME), ...this.constants.map((_, i) => `c${i}`)];
    const values = [...Object.values(RUNTIME), ...this.constants];
    try {
      return new Function(...names, source)(...values) as FastCheck[];
    } catch {
      // No code generation here (a jitless or locked-down runtime): every object goes through zod.
      return schemas.map(() => () => false);
    }
  }

  private compiled(schema: SchemaLike): Compiled {
    let c = this.cache.get(schema);
    if (c === undefined) {
      c = this.build(schema);
      this.cache.set(schema, c);
    }
    return c;
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `c${this.constants.length - 1}`;
  }

  /** Adds a generated function `(v) => boolean` with the given body and returns its name. */
  private fn(body: string): string {
    const name = `f${this.functions.length}`;
    this.functions.push(`function ${name}(v) {\n${body}\n}`);
    return name;
  }

  private build(schema: SchemaLike): Compiled {
    const def = schema._zod.def;
    if (def.coerce) return UNKNOWN;
    const base = this.base(schema);
    if (base === UNKNOWN) return UNKNOWN;
    const tests: ((x: string) => string)[] = [];
    for (const check of checksOf(schema)) {
      if (check._zod.def.check === 'custom') {
        const predicate = this.refinements.get(schema);
        if (predicate === undefined) return UNKNOWN;
        const name = this.constant(predicate);
        tests.push((x) => `${name}(${x})`);
      } else {
        if (checkTest(check, def.type, 'x') === undefined) return UNKNOWN;
        tests.push((x) => checkTest(check, def.type, x)!);
      }
    }
    if (tests.length === 0) return base;
    return { test: (x) => `(${[base.test(x), ...tests.map((t) => t(x))].join(' && ')})`, exact: base.exact };
  }

  /** The check of the schema's type, without its own checks. */
  private base(schema: SchemaLike): Compiled {
    const def = schema._zod.def;
    switch (def.type) {
      case 'string':
        return { test: (x) => `typeof ${x} === 'string'`, exact: true };
      case 'number':
        return { test: (x) => `(typeof ${x} === 'number' && Number.isFinite(${x}))`, exact: true };
      case 'boolean':
        return { test: (x) => `typeof ${x} === 'boolean'`, exact: true };
      case 'unknown':
      case 'any':
        return ANYTHING;
      case 'enum':
      case 'literal': {
        const values = schema._zod.values;
        if (values === undefined) return UNKNOWN;
        const name = this.constant(values);
        return { test: (x) => `${name}.has(${x})`, exact: true };
      }
      case 'optional':
      case 'nullable': {
        const inner = def.innerType;
        if (inner === undefined || inner._zod.optin === 'defaulted') return UNKNOWN;
        // exactOptional: absent is fine, a present undefined is not.
        if (schema._zod.traits.has('$ZodExactOptional')) return UNKNOWN;
        // An optional field of a shape this file does not know still passes when it is absent.
        const c = this.compiled(inner);
        const empty = def.type === 'optional' ? 'undefined' : 'null';
        return { test: (x) => `(${x} === ${empty} || ${c.test(x)})`, exact: c.exact };
      }
      case 'union':
        return this.union(def);
      case 'array':
        return def.element === undefined ? UNKNOWN : this.array(this.compiled(def.element));
      case 'record':
        return this.record(def);
      case 'object':
        return this.object(def);
      default:
        return UNKNOWN;
    }
  }

  private union(def: SchemaDef): Compiled {
    if (def.inclusive === false || def.discriminator !== undefined || def.options === undefined) return UNKNOWN;
    const options = def.options.map((o) => this.compiled(o));
    if (options.length === 0 || options.some((o) => !o.exact)) return UNKNOWN;
    return { test: (x) => `(${options.map((o) => o.test(x)).join(' || ')})`, exact: true };
  }

  private array(element: Compiled): Compiled {
    if (element === UNKNOWN) return UNKNOWN;
    const name = this.fn(
      [
        `if (!isArray(v)) return false;`,
        `for (let i = 0; i < v.length; i++) { const x = v[i]; if (!(${element.test('x')})) return false; }`,
        `return true;`,
      ].join('\n'),
    );
    return { test: (x) => `${name}(${x})`, exact: false };
  }

  private record(def: SchemaDef): Compiled {
    const key = def.keyType;
    // Only `z.record(z.string(), V)`: every string key passes, so the values are all there is to check.
    if (key === undefined || def.valueType === undefined || key._zod.def.type !== 'string') return UNKNOWN;
    if (checksOf(key).length > 0 || key._zod.def.coerce || def.mode === 'loose') return UNKNOWN;
    const value = this.compiled(def.valueType);
    if (value === UNKNOWN) return UNKNOWN;
    const name = this.fn(
      [
        PLAIN_OBJECT,
        `for (const k in v) { const x = v[k]; if (!(${value.test('x')})) return false; }`,
        `return true;`,
      ].join('\n'),
    );
    return { test: (x) => `${name}(${x})`, exact: false };
  }

  private object(def: SchemaDef): Compiled {
    const shape = def.shape;
    if (shape === undefined) return UNKNOWN;
    // Loose objects keep unknown fields as they are; stripping and strict ones need every key declared.
    const catchall = def.catchall?._zod.def.type;
    const loose = catchall === 'unknown' || catchall === 'any';
    if (def.catchall !== undefined && !loose) return UNKNOWN;
    const lines = [PLAIN_OBJECT, `let x;`];
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') return UNKNOWN;
      const field = shape[key]!;
      const c = this.compiled(field);
      const k = JSON.stringify(key);
      lines.push(`x = v[${k}];`);
      // A key whose schema is not optional must be present, even when its schema accepts undefined.
      if (field._zod.optin === undefined) lines.push(`if (x === undefined && !(${k} in v)) return false;`);
      if (c !== ANYTHING) lines.push(`if (!(${c.test('x')})) return false;`);
    }
    if (!loose) {
      const keys = this.constant(new Set(Object.keys(shape)));
      lines.push(`for (const k in v) if (!${keys}.has(k)) return false;`);
    }
    lines.push('return true;');
    const name = this.fn(lines.join('\n'));
    return { test: (x) => `${name}(${x})`, exact: false };
  }
}

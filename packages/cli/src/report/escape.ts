/**
 * The report's only way to put text into HTML. Every string from the input (names, labels, taints,
 * messages, file paths) goes through `escapeHtml`, and the `html` template tag calls it on every
 * interpolated string, so markup can only come from the report's own templates.
 */

const SAFE: unique symbol = Symbol('SafeHtml');

/** Markup the report wrote itself (the result of `html`), inserted as is. */
export interface SafeHtml {
  readonly [SAFE]: string;
}

/** What a template may interpolate: strings and numbers are escaped, SafeHtml is inserted, lists joined. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or as a double- or single-quoted attribute value: `& < > " '` become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A template tag: `html\`<td title="${message}">${name}</td>\`` escapes `message` and `name`. Booleans,
 * `null` and `undefined` write nothing (so `${cond && html\`...\`}` works). Attribute values must be
 * quoted in the template; then escaping covers them too.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += toHtml(value) + strings[i + 1]!;
  });
  return { [SAFE]: out };
}

/** Markup that is known to be safe: the report's own constant CSS and script. Never input text. */
export function trustedHtml(markup: string): SafeHtml {
  return { [SAFE]: markup };
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

export function toHtml(value: HtmlValue): string {
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  if (isSafeHtml(value)) return value[SAFE];
  return value.map(toHtml).join('');
}

/**
 * JSON to embed in `<script type="application/json">`: `<`, `>` and `&` as `\u003c`-style escapes, so
 * no `</script>` or `<!--` can end or change the element, and U+2028/U+2029 escaped (they end a line in
 * older JavaScript). The result is still valid JSON that parses to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

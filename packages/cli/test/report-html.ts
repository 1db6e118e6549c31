/**
 * Reading numbers back out of a report's HTML text, for the report tests: the cells carry `data-field`
 * and `data-value`, so plain regular expressions over the text suffice (no DOM library).
 */

/** The markup of the element that starts at `<tag ${attribute}="${value}"` and ends at its `</tag>`. */
export function elementBy(page: string, tag: string, attribute: string, value: string): string {
  const start = page.indexOf(`<${tag} ${attribute}="${value}"`);
  if (start < 0) throw new Error(`no <${tag} ${attribute}="${value}"> in the report`);
  const end = page.indexOf(`</${tag}>`, start);
  return page.slice(start, end + tag.length + 3);
}

/** Every `data-field="..." data-value="..."` pair in `markup`, as numbers. */
export function dataValues(markup: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of markup.matchAll(/data-field="([^"]+)" data-value="(-?\d+)"/g)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Text with the five entities of `escapeHtml` turned back into characters. */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** A cell's text, tags removed and entities decoded. */
export function cellText(markup: string): string {
  return unescapeHtml(markup.replace(/<[^>]*>/g, ''));
}

export interface ScheduleJson {
  readonly summary: Record<string, number>;
  readonly decisions: readonly {
    readonly index: number;
    readonly pod: string;
    readonly scheduled: boolean;
    readonly node: string | null;
    readonly topScore?: number;
    readonly scores?: Record<string, number>;
    readonly message?: string;
    readonly nominatedNode?: string;
    readonly victims?: readonly string[];
  }[];
  readonly nodes: readonly {
    readonly name: string;
    readonly allocatable: { cpu: number; memory: number; pods: number };
    readonly requested: { cpu: number; memory: number; pods: number };
  }[];
}

/** The last decision of every pod, by pod key. */
export function finalByPod(json: ScheduleJson): Map<string, ScheduleJson['decisions'][number]> {
  return new Map(json.decisions.map((d) => [d.pod, d]));
}

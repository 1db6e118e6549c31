import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { finalByPod, type ScheduleJson } from './report-html.js';
import { fixture, runCli } from './run-cli.js';

/**
 * Opens a report in headless Chromium (Debian's package, driven by playwright-core; never a downloaded
 * browser) and checks what a person would see. CI installs /usr/bin/chromium (.ci/run) and fails without
 * it; elsewhere the test is skipped when the browser is missing. PEAPOD_CHROMIUM names another binary.
 */
const CHROMIUM = process.env.PEAPOD_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
/** The probe's flags: no sandbox (root), and no background connections (the machine has no network). */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The whole test; the browser's start and each step time out well before it, so `finally` closes the browser. */
const TIMEOUT_MS = 60_000;
const LAUNCH_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 15_000;
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
const cluster = fixture('report/cluster.yaml');
const HOSTILE_LABEL = 'team=<img src=x onerror=window.__xss=1>';

/** The text as rendered, what a person reads (hidden parts left out), not the DOM's textContent. */
function shown(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the test checks
  return locator.innerText();
}

interface Cell {
  readonly node: string;
  readonly field: string;
  readonly value: string | null;
  readonly text: string;
}

/** A number as the page writes it (`3.92`, `7.5 GiB`) in base units, and how far the rounding may be off. */
function parseShown(field: string, text: string): { value: number; tolerance: number } {
  if (field.startsWith('cpu.')) return { value: Math.round(Number(text) * 1000), tolerance: 0 };
  if (field.startsWith('pods.')) return { value: Number(text), tolerance: 0 };
  const m = /^(-?[\d.]+) (B|KiB|MiB|GiB|TiB)$/.exec(text);
  if (m === null) throw new Error(`memory cell ${field}: unexpected text ${JSON.stringify(text)}`);
  const unit = 1024 ** ['B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(m[2]!);
  return { value: Number(m[1]) * unit, tolerance: 0.005 * unit };
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('peapod report in headless Chromium', () => {
  test(
    'renders without errors, shows hostile input as text, and shows the numbers of schedule -o json',
    async () => {
      expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(true);
      await mkdir(OUTPUT, { recursive: true });
      const reportFile = `${OUTPUT}report.html`;
      const run = await runCli(['report', '-f', cluster, '-o', reportFile]);
      expect(run.code).toBe(0);
      const schedule = await runCli(['schedule', '-f', cluster, '-o', 'json']);
      const json = JSON.parse(schedule.stdout) as ScheduleJson;

      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: ARGS,
          timeout: LAUNCH_TIMEOUT_MS,
        });
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('request', (request) => requests.push(request.url()));
        const url = pathToFileURL(reportFile).href;
        await page.goto(url, { waitUntil: 'load' });

        // The hostile label: shown as text once its node's details are opened; nothing injected or run.
        await page.locator('tr[data-node="node-a"] details summary').click();
        await expect(page.getByText(HOSTILE_LABEL, { exact: true }).isVisible()).resolves.toBe(true);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('script').count()).toBe(2);
        expect(await page.evaluate('typeof window.__xss')).toBe('undefined');

        // Node numbers: the exact data-value and the text shown both equal the JSON (and the input).
        const cells = (await page.evaluate(`Array.from(document.querySelectorAll('tr[data-node] td[data-field]'))
          .map((td) => ({ node: td.closest('tr').dataset.node, field: td.dataset.field,
            value: td.dataset.value ?? null, text: td.innerText.trim() }))`)) as Cell[];
        const expected = (node: ScheduleJson['nodes'][number], field: string): number | undefined => {
          const [resource, which] = field.split('.') as ['cpu' | 'memory' | 'pods', string];
          if (which === 'allocatable') return node.allocatable[resource];
          if (which === 'after') return node.requested[resource];
          return undefined;
        };
        let compared = 0;
        for (const node of json.nodes) {
          for (const cell of cells.filter((c) => c.node === node.name)) {
            const want = expected(node, cell.field);
            if (want === undefined) continue;
            expect(Number(cell.value), `${node.name} ${cell.field}`).toBe(want);
            const shown = parseShown(cell.field, cell.text);
            expect(Math.abs(shown.value - want), `${node.name} ${cell.field} shows ${cell.text}`).toBeLessThanOrEqual(
              shown.tolerance,
            );
            compared++;
          }
        }
        expect(compared).toBe(json.nodes.length * 6);

        // Summary cards.
        for (const [field, value] of Object.entries(json.summary)) {
          await expect(shown(page.locator(`.card[data-field="${field}"] .n`))).resolves.toBe(String(value));
        }

        // Where every pod went, and the scores of the chosen node.
        for (const d of finalByPod(json).values()) {
          const nodeCell = page.locator(`#pods tr[data-pod="${d.pod}"] td.node`);
          await expect(shown(nodeCell)).resolves.toBe(d.node ?? '<unschedulable>');
          if (!d.scheduled || d.scores === undefined) continue;
          const details = page.locator(`details.score[data-pod="${d.pod}"]`);
          await details.locator('summary').click();
          for (const [plugin, score] of Object.entries(d.scores)) {
            const cell = details.locator(`tr[data-plugin="${plugin}"] td.chosen`);
            const text = (await cell.count()) === 0 ? '0' : await shown(cell);
            expect(Number(text), `${d.pod} ${plugin}`).toBe(score);
          }
          await expect(shown(details.locator('tr.total td.chosen'))).resolves.toBe(String(d.topScore));
        }

        // The unschedulable group, the preemption, the hostile taint in a message: all as text.
        const group = page.locator('#unschedulable .group-box[data-result="unschedulable"]');
        await expect(group.getAttribute('data-count')).resolves.toBe(String(json.summary.unschedulable));
        await expect(shown(group.locator('.message'))).resolves.toBe(finalByPod(json).get('batch/huge-1')!.message);
        await expect(shown(page.locator('#preemptions tr[data-pod="ops/critical"] .victim'))).resolves.toBe(
          'batch/low-a',
        );

        // The filter narrows the pods table.
        await page.locator('#pod-filter').fill('huge');
        await expect(shown(page.locator('#pod-count'))).resolves.toBe('2 of 7 shown');
        await page.locator('#pod-filter').fill('');
        await page.locator('#pod-result').selectOption('preempted');
        await expect(shown(page.locator('#pod-count'))).resolves.toBe('1 of 7 shown');
        await page.locator('#pod-result').selectOption('');

        await page.screenshot({ path: `${OUTPUT}report.png`, fullPage: true });
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
      } finally {
        await browser?.close();
      }
    },
    TIMEOUT_MS,
  );
});

// kubectl prints tables through Go's text/tabwriter with minwidth 6 and padding 3
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go). Same here, minus the trailing spaces.
const MIN_WIDTH = 6;
const PADDING = 3;

/** Left-aligned columns, kubectl style: every column but the last is padded to its widest cell + 3. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(MIN_WIDTH, PADDING + Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))),
  );
  const line = (cells: readonly string[]) =>
    header
      .map((_, column) => {
        const cell = cells[column] ?? '';
        return column === header.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
      })
      .join('')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

// A filter and score plugin that costs COST_NS nanoseconds of arithmetic per node and call (default 1000): a
// stand-in for an expensive custom plugin, to measure where the parallel evaluator starts to pay
// (docs/benchmarks.md, "Break-even").
const COST = Number(process.env.COST_NS ?? 1000);
let sink = 0;

function burn(node) {
  let x = node;
  for (let i = 0; i < COST / 2; i++) x = (x * 1103515245 + 12345) | 0;
  sink ^= x;
}

export const plugin = {
  name: 'Costly',
  points: ['filter', 'score'],
  create: () => ({
    name: 'Costly',
    filter: (_state, _pod, node) => {
      burn(node);
      return null;
    },
    score: (_state, _pod, node) => {
      burn(node);
      return sink === 0.5 ? 0 : 50;
    },
  }),
};

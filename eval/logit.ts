// The two small models the answerer's weights are fitted with (eval/fit-*.ts): a conditional logit (a
// softmax over the candidates of one question: spans, sentences) and a logistic regression (soft labels,
// example weights).
// Hand-written: together ~100 lines, and no maintained JS library fits either over sparse named features.
// Features are named records at the borders; inside, each example is a sparse vector of indices into one
// array of weights, which fits in seconds where walking records took minutes.
import { type Features, type LinearModel, sigmoid, softmax } from '../src/answer/model.ts';

/** An example as indices into the weight array and their values (non-zero features only). */
interface Sparse {
  idx: Int32Array;
  val: Float64Array;
}

function indexer(xs: Features[]): { names: string[]; sparse: (x: Features) => Sparse } {
  const names = [...new Set(xs.flatMap((x) => Object.keys(x)))];
  const at = new Map(names.map((n, i) => [n, i]));
  return {
    names,
    sparse: (x) => {
      const entries = Object.entries(x).filter(([k, v]) => v !== 0 && at.has(k));
      return { idx: Int32Array.from(entries, ([k]) => at.get(k)!), val: Float64Array.from(entries, ([, v]) => v) };
    },
  };
}

const dot = (w: Float64Array, b: number, x: Sparse): number => {
  let s = b;
  for (let j = 0; j < x.idx.length; j++) s += w[x.idx[j]!]! * x.val[j]!;
  return s;
};

/** Full-batch Adam, L2-regularised; `gradient` adds the mean gradient of the loss into `grad` and returns
 * the bias's. Weights are rounded to 4 decimals, as shipped. */
function adam(
  names: string[],
  gradient: (w: Float64Array, bias: number, grad: Float64Array) => number,
  epochs: number,
  l2: number,
  rate: number,
): LinearModel {
  const n = names.length;
  const w = new Float64Array(n);
  const grad = new Float64Array(n);
  // The bias's moments sit at index n.
  const m = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  let bias = 0;
  const step = (k: number, g: number, epoch: number) => {
    m[k] = 0.9 * m[k]! + 0.1 * g;
    v[k] = 0.999 * v[k]! + 0.001 * g * g;
    return (rate * (m[k]! / (1 - 0.9 ** epoch))) / (Math.sqrt(v[k]! / (1 - 0.999 ** epoch)) + 1e-8);
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    grad.fill(0);
    const gb = gradient(w, bias, grad);
    for (let k = 0; k < n; k++) w[k]! -= step(k, grad[k]! + l2 * w[k]!, epoch);
    bias -= step(n, gb, epoch);
  }
  return {
    weights: Object.fromEntries(names.map((name, k) => [name, Number(w[k]!.toFixed(4))])),
    bias: Number(bias.toFixed(4)),
  };
}

export interface ChoiceGroup {
  /** Features of each candidate. */
  xs: Features[];
  /** Which candidates are right (at least one for the group to count). */
  gold: boolean[];
}

/** Maximises the probability of the right candidates of each group under a softmax of linear scores. */
export function conditionalLogit(groups: ChoiceGroup[], epochs = 300, l2 = 0.002, rate = 0.05): LinearModel {
  const usable = groups.filter((g) => g.gold.some(Boolean) && g.xs.length > 1);
  const { names, sparse } = indexer(usable.flatMap((g) => g.xs));
  const data = usable.map((g) => ({ xs: g.xs.map(sparse), gold: g.gold }));
  return adam(
    names,
    (w, _bias, grad) => {
      for (const g of data) {
        const p = softmax(g.xs.map((x) => dot(w, 0, x)));
        const pGold = p.reduce((s, x, i) => s + (g.gold[i] ? x : 0), 0);
        g.xs.forEach((x, i) => {
          // d(-log P(gold))/dz_i = p_i - p_i·[gold_i] / P(gold)
          const d = (p[i]! - (g.gold[i] ? p[i]! / pGold : 0)) / data.length;
          for (let j = 0; j < x.idx.length; j++) grad[x.idx[j]!]! += d * x.val[j]!;
        });
      }
      // A softmax does not move with a bias: it stays 0.
      return 0;
    },
    epochs,
    l2,
    rate,
  );
}

export interface LogisticOptions {
  epochs?: number;
  l2?: number;
  rate?: number;
  /** Fit on standardised features (their scales differ: shares, logs of counts) and return the weights of
   * the raw ones, which is what the product computes. */
  standardise?: boolean;
}

/** Logistic regression with labels in [0, 1] (cross-entropy), each example counted `weight` times (default 1). */
export function logistic(examples: Array<{ x: Features; y: number; weight?: number }>, options: LogisticOptions = {}): LinearModel {
  const { epochs = 400, l2 = 0.001, rate = 0.05, standardise = false } = options;
  const names = [...new Set(examples.flatMap((e) => Object.keys(e.x)))];
  const mean: Features = {};
  const sd: Features = {};
  for (const n of names) {
    mean[n] = standardise ? examples.reduce((s, e) => s + (e.x[n] ?? 0), 0) / examples.length : 0;
    sd[n] = standardise ? Math.sqrt(examples.reduce((s, e) => s + ((e.x[n] ?? 0) - mean[n]!) ** 2, 0) / examples.length) || 1 : 1;
  }
  // Standardised features are dense (a zero moves off zero), so every name is kept.
  const dense = (x: Features): Sparse => ({
    idx: Int32Array.from(names, (_, k) => k),
    val: Float64Array.from(names, (n) => ((x[n] ?? 0) - mean[n]!) / sd[n]!),
  });
  const zs = examples.map((e) => ({ z: dense(e.x), y: e.y, weight: e.weight ?? 1 }));
  const total = zs.reduce((s, e) => s + e.weight, 0);
  const fitted = adam(
    names,
    (w, bias, grad) => {
      let gb = 0;
      for (const e of zs) {
        const d = (e.weight * (sigmoid(dot(w, bias, e.z)) - e.y)) / total;
        gb += d;
        for (let j = 0; j < e.z.idx.length; j++) grad[e.z.idx[j]!]! += d * e.z.val[j]!;
      }
      return gb;
    },
    epochs,
    l2,
    rate,
  );
  if (!standardise) return fitted;
  // w·(x − mean)/sd + b = (w/sd)·x + (b − Σ w·mean/sd)
  const weights = Object.fromEntries(names.map((n) => [n, fitted.weights[n]! / sd[n]!]));
  const bias = fitted.bias - names.reduce((s, n) => s + weights[n]! * mean[n]!, 0);
  return { weights, bias };
}

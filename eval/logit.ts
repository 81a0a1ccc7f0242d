// The two small models the answerer's weights are fitted with (eval/fit-*.ts): a conditional logit (a
// softmax over the candidates of one question: spans, sentences) and a logistic regression (soft labels,
// example weights).
// Hand-written: together ~60 lines, and no maintained JS library fits either over sparse named features.
import { type Features, type LinearModel, linear, sigmoid, softmax } from '../src/answer/model.ts';

/** Full-batch Adam on named weights, L2-regularised; `gradient` returns the mean gradient of the loss. */
function adam(
  names: string[],
  gradient: (model: LinearModel) => { grad: Features; bias: number },
  epochs: number,
  l2: number,
  rate: number,
): LinearModel {
  const w: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const m: Record<string, number> = Object.fromEntries([...names, '#bias'].map((n) => [n, 0]));
  const v: Record<string, number> = Object.fromEntries([...names, '#bias'].map((n) => [n, 0]));
  const model: LinearModel = { weights: w, bias: 0 };
  const step = (k: string, g: number, epoch: number) => {
    m[k] = 0.9 * m[k]! + 0.1 * g;
    v[k] = 0.999 * v[k]! + 0.001 * g * g;
    return (rate * (m[k]! / (1 - 0.9 ** epoch))) / (Math.sqrt(v[k]! / (1 - 0.999 ** epoch)) + 1e-8);
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const { grad, bias } = gradient(model);
    for (const k of names) w[k]! -= step(k, (grad[k] ?? 0) + l2 * w[k]!, epoch);
    model.bias -= step('#bias', bias, epoch);
  }
  for (const k of names) w[k] = Number(w[k]!.toFixed(4));
  model.bias = Number(model.bias.toFixed(4));
  return model;
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
  const names = [...new Set(usable.flatMap((g) => g.xs.flatMap((x) => Object.keys(x))))];
  return adam(
    names,
    (model) => {
      const grad: Features = {};
      for (const g of usable) {
        const p = softmax(g.xs.map((x) => linear(model, x)));
        const pGold = p.reduce((s, x, i) => s + (g.gold[i] ? x : 0), 0);
        g.xs.forEach((x, i) => {
          // d(-log P(gold))/dz_i = p_i - p_i·[gold_i] / P(gold)
          const d = (p[i]! - (g.gold[i] ? p[i]! / pGold : 0)) / usable.length;
          for (const [k, v] of Object.entries(x)) grad[k] = (grad[k] ?? 0) + d * v;
        });
      }
      // A softmax does not move with a bias: it stays 0.
      return { grad, bias: 0 };
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
  const zs = examples.map((e) => ({
    z: Object.fromEntries(names.map((n) => [n, ((e.x[n] ?? 0) - mean[n]!) / sd[n]!])) as Features,
    y: e.y,
    weight: e.weight ?? 1,
  }));
  const total = zs.reduce((s, e) => s + e.weight, 0);
  const fitted = adam(
    names,
    (model) => {
      const grad: Features = {};
      let bias = 0;
      for (const e of zs) {
        const d = (e.weight * (sigmoid(linear(model, e.z)) - e.y)) / total;
        bias += d;
        for (const [k, x] of Object.entries(e.z)) grad[k] = (grad[k] ?? 0) + d * x;
      }
      return { grad, bias };
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

// Prometheus text exposition (GET /metrics) parsed in the browser, and the
// figures the dashboard derives from two successive scrapes.

export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      let l;
      while ((l = re.exec(m[3]))) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

const match = (s, labels) => Object.entries(labels).every(([k, v]) => s.labels[k] === v);
export const pick = (samples, name, labels = {}) => samples.filter((s) => s.name === name && match(s, labels));
export const sum = (samples, name, labels = {}) => pick(samples, name, labels).reduce((n, s) => n + s.value, 0);
export const one = (samples, name, labels = {}) => {
  const p = pick(samples, name, labels);
  return p.length ? p[0].value : null;
};

// The q-quantile of a histogram from its cumulative buckets (summed over every
// label set), interpolated within the bucket as Prometheus does. `prev` gives
// the buckets of the previous scrape: then only the observations in between count.
export function histogramQuantile(samples, name, q, prev) {
  const buckets = new Map();
  const add = (list, sign) => {
    for (const s of pick(list, `${name}_bucket`)) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      buckets.set(le, (buckets.get(le) || 0) + sign * s.value);
    }
  };
  add(samples, 1);
  if (prev) add(prev, -1);
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  if (!sorted.length) return null;
  const total = sorted[sorted.length - 1][1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Infinity) return lower;
      const inBucket = count - below;
      return inBucket > 0 ? lower + (le - lower) * ((rank - below) / inBucket) : le;
    }
    lower = le;
    below = count;
  }
  return lower;
}

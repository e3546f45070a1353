// Health of every component, live figures from /metrics, and charts of the
// last hour. The charts' points come from gatewayd, which samples its own
// metrics every few seconds and keeps an hour (GET /api/v1/metrics/history), so
// a console opened now shows the whole hour; each refresh asks only for the
// points after the last one it holds.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../session.js';
import { html, Page, Badge, Notice, fmtNum, href, Loading } from '../ui.js';
import { parseMetrics, sum, one, pick, histogramQuantile } from '../metrics.js';
import { Chart } from '../chart.js';

export const REFRESH_MS = 5000;

// Survives navigation between pages (not a reload).
const history = { t: [], perSec: [], completedPerSec: [], p95: [], poolInUse: [], outbox: [] };
let windowSeconds = 3600;
let previous = null; // { at, samples }

function appendHistory(h) {
  windowSeconds = h.window_seconds || windowSeconds;
  const cols = { t: h.t, perSec: h.in_per_s, completedPerSec: h.completed_per_s, p95: h.p95_ms, poolInUse: h.pool_in_use, outbox: h.outbox };
  for (const [key, values] of Object.entries(cols)) history[key].push(...(values || []));
  const last = history.t.length ? history.t[history.t.length - 1] : 0;
  let drop = 0;
  while (drop < history.t.length && history.t[drop] <= last - windowSeconds) drop++;
  if (drop) for (const key of Object.keys(history)) history[key].splice(0, drop);
}

function derive(samples, at) {
  const f = {
    byStatus: Object.fromEntries(pick(samples, 'payments_by_status').map((s) => [s.labels.status, s.value])),
    stuck: one(samples, 'payments_stuck'),
    holds: one(samples, 'payments_by_status', { status: 'COMPLIANCE_HOLD' }),
    pendingApproval: one(samples, 'payments_by_status', { status: 'PENDING_APPROVAL' }),
    outbox: pick(samples, 'tls_outbox_depth').map((s) => [s.labels.link, s.value]),
    poolSize: one(samples, 'db_pool_size'),
    poolInUse: one(samples, 'db_pool_connections', { state: 'in_use' }),
    poolIdle: one(samples, 'db_pool_connections', { state: 'idle' }),
    poolWaiting: one(samples, 'db_pool_waiting'),
    initiated: sum(samples, 'payments_initiated_total') + sum(samples, 'payments_inbound_total'),
    completed: sum(samples, 'payments_completed_total'),
    p95: null,
    perSec: null,
    completedPerSec: null,
  };
  if (previous) {
    const dt = (at - previous.at) / 1000;
    const prevInit = sum(previous.samples, 'payments_initiated_total') + sum(previous.samples, 'payments_inbound_total');
    f.perSec = dt > 0 ? Math.max(0, (f.initiated - prevInit) / dt) : null;
    f.completedPerSec = dt > 0 ? Math.max(0, (f.completed - sum(previous.samples, 'payments_completed_total')) / dt) : null;
    f.p95 = histogramQuantile(samples, 'payment_processing_duration_seconds', 0.95, previous.samples);
  }
  if (f.p95 === null) f.p95Total = histogramQuantile(samples, 'payment_processing_duration_seconds', 0.95);
  return f;
}

function HealthPanel({ health, error }) {
  if (error && !health) return html`<${Notice} error=${error} />`;
  if (!health) return html`<${Loading} what="Checking health" />`;
  const comps = Object.entries(health.components || {});
  return html`<div class="panel">
    <h2>Health <${Badge} value=${health.status} /></h2>
    <table class="table compact">
      <caption class="sr-only">Components and their state</caption>
      <thead><tr><th scope="col">Component</th><th scope="col">State</th><th scope="col">Details</th></tr></thead>
      <tbody>${comps.map(([name, c]) => html`<tr key=${name}>
        <th scope="row">${name.startsWith('fix:') ? html`<a href=${href('/fix')}>${name}</a>` : name}</th><td><${Badge} value=${c.status} /></td>
        <td class="details">${Object.entries(c).filter(([k]) => k !== 'status').map(([k, v]) =>
          html`<span class="detail" key=${k}><b>${k}</b> ${typeof v === 'object' ? Object.entries(v || {}).map(([a, b]) => `${a}: ${typeof b === 'object' ? JSON.stringify(b) : b}`).join(', ') : String(v)}</span>`)}</td>
      </tr>`)}</tbody>
    </table>
  </div>`;
}

function Figure({ label, value, tone, link }) {
  const body = html`<span class="fig-value">${value}</span><span class="fig-label">${label}</span>`;
  return link ? html`<a class=${`figure tone-${tone || 'plain'}`} href=${link}>${body}</a>` : html`<div class=${`figure tone-${tone || 'plain'}`}>${body}</div>`;
}

export function Dashboard() {
  const [health, setHealth] = useState(null);
  const [healthError, setHealthError] = useState(null);
  const [fig, setFig] = useState(null);
  const [metricsError, setMetricsError] = useState(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer = null;
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        const at = Date.now();
        const since = history.t.length ? history.t[history.t.length - 1] : 0;
        const [h, m, hist] = await Promise.allSettled([
          api('GET', '/health'),
          api('GET', '/metrics', undefined, { raw: true }).then((r) => r.text()),
          api('GET', `/api/v1/metrics/history?since=${since}`),
        ]);
        if (stopped) return;
        if (h.status === 'fulfilled') {
          setHealth(h.value);
          setHealthError(null);
        } else if (h.reason && h.reason.body && h.reason.body.components) {
          setHealth(h.reason.body); // 503 still describes every component
        } else setHealthError(h.reason);
        if (hist.status === 'fulfilled') appendHistory(hist.value);
        if (m.status === 'fulfilled') {
          const samples = parseMetrics(m.value);
          const f = derive(samples, at);
          previous = { at, samples };
          setFig(f);
          setMetricsError(null);
          setTick((n) => n + 1);
        } else setMetricsError(m.reason);
        if (hist.status === 'rejected') setMetricsError(hist.reason);
      }
      if (!stopped) timer = setTimeout(poll, REFRESH_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const statuses = fig ? Object.entries(fig.byStatus).filter(([, n]) => n > 0) : [];
  const p95 = fig && (fig.p95 ?? fig.p95Total);
  return html`<${Page} title="Dashboard" actions=${html`<span class="muted small" aria-live="off">Refreshes every ${REFRESH_MS / 1000} s</span>`}>
    <div class="figures" aria-label="Live figures">
      <${Figure} label="payments / s (in)" value=${fig ? fmtNum(fig.perSec, 2) : '…'} />
      <${Figure} label="completed / s" value=${fig ? fmtNum(fig.completedPerSec, 2) : '…'} />
      <${Figure} label="p95 processing" value=${p95 === null || p95 === undefined ? '–' : `${fmtNum(p95 * 1000, 0)} ms`} />
      <${Figure} label="stuck" value=${fig ? fmtNum(fig.stuck) : '…'} tone=${fig && fig.stuck > 0 ? 'bad' : ''} link=${href('/payments', { stuck: 'true' })} />
      <${Figure} label="compliance holds waiting" value=${fig ? fmtNum(fig.holds) : '…'} tone=${fig && fig.holds > 0 ? 'warn' : ''} link=${href('/payments', { status: 'COMPLIANCE_HOLD' })} />
      <${Figure} label="awaiting approval" value=${fig ? fmtNum(fig.pendingApproval) : '…'} tone=${fig && fig.pendingApproval > 0 ? 'warn' : ''} link=${href('/approvals')} />
      <${Figure} label="DB pool in use" value=${fig ? `${fmtNum(fig.poolInUse)} / ${fmtNum(fig.poolSize)}` : '…'} tone=${fig && fig.poolWaiting > 0 ? 'warn' : ''} />
      <${Figure} label="requests waiting for a connection" value=${fig ? fmtNum(fig.poolWaiting) : '…'} />
    </div>
    <${Notice} error=${metricsError} />
    <div class="charts">
      <${Chart} title="Payments per second" series=${['in', 'completed']} data=${[history.t, history.perSec, history.completedPerSec]} />
      <${Chart} title="p95 processing latency" unit=" ms" series=${['p95']} data=${[history.t, history.p95]} />
      <${Chart} title="Database pool in use" series=${['in use']} data=${[history.t, history.poolInUse]} />
      <${Chart} title="Outbox depth (all links)" series=${['messages']} data=${[history.t, history.outbox]} />
    </div>
    <div class="columns">
      <${HealthPanel} health=${health} error=${healthError} />
      <div class="panel">
        <h2>Payments by status</h2>
        ${fig ? html`<table class="table compact">
          <caption class="sr-only">Payments by status</caption>
          <thead><tr><th scope="col">Status</th><th scope="col" class="num">Payments</th></tr></thead>
          <tbody>${statuses.map(([s, n]) => html`<tr key=${s}><td><a href=${href('/payments', { status: s })}><${Badge} value=${s} /></a></td><td class="num">${fmtNum(n)}</td></tr>`)}</tbody>
        </table>` : html`<${Loading} />`}
        <h2>Outbox per link</h2>
        ${fig && fig.outbox.length ? html`<table class="table compact">
          <caption class="sr-only">Outbox depth per link</caption>
          <thead><tr><th scope="col">Link</th><th scope="col" class="num">Waiting</th></tr></thead>
          <tbody>${fig.outbox.map(([l, n]) => html`<tr key=${l}><td>${l}</td><td class="num">${fmtNum(n)}</td></tr>`)}</tbody>
        </table>` : html`<p class="muted">No link has an outbox.</p>`}
      </div>
    </div>
  </${Page}>`;
}

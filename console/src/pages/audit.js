// Audit search (auditor, admin): time range, actor, action, entity; CSV export.
import { useState } from 'preact/hooks';
import { api } from '../session.js';
import { html, Page, Notice, Loading, Empty, Field, useAsync, fmtTime, navigate, download } from '../ui.js';

const FILTERS = ['from', 'to', 'actor', 'action', 'entity_type', 'entity_id'];

const summary = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : x}`).join(', ') : String(v));

function csvCell(v) {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A cell a spreadsheet would run as a formula is written as text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function Audit({ query }) {
  const [f, setF] = useState(() => Object.fromEntries(FILTERS.map((k) => [k, query[k] || ''])));
  const [exporting, setExporting] = useState(null);
  const params = new URLSearchParams(Object.entries(query).filter(([k, v]) => v && (FILTERS.includes(k) || k === 'before')));
  params.set('limit', '100');
  const key = params.toString();
  const { data, error, loading } = useAsync(() => api('GET', `/api/v1/audit?${key}`), [key]);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    navigate('/audit', f);
  };
  const exportCsv = async () => {
    const base = new URLSearchParams(Object.entries(query).filter(([k, v]) => v && FILTERS.includes(k)));
    base.set('limit', '1000');
    const rows = [];
    let before = '';
    setExporting('Exporting…');
    try {
      for (let page = 0; page < 50; page++) {
        if (before) base.set('before', before);
        const r = await api('GET', `/api/v1/audit?${base}`);
        rows.push(...r.audit_logs);
        setExporting(`Exporting… ${rows.length} records`);
        if (!r.next) break;
        before = r.next;
      }
      const cols = ['id', 'timestamp', 'actor', 'action', 'entity_type', 'entity_id', 'source_address', 'before', 'after', 'details'];
      const csv = [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\r\n');
      download(`audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`, `${csv}\r\n`, 'text/csv');
      setExporting(`Exported ${rows.length} records.`);
    } catch (err) {
      setExporting(`Export failed: ${err.message}`);
    }
  };
  const rows = data ? data.audit_logs : [];
  return html`<${Page} title="Audit" actions=${html`<button class="btn" type="button" onClick=${exportCsv}>Export CSV</button>`}>
    <form class="filters" role="search" aria-label="Filter audit records" onSubmit=${submit}>
      <${Field} label="From (UTC)" id="a-from"><input id="a-from" type="datetime-local" value=${f.from} onInput=${set('from')} /></${Field}>
      <${Field} label="Before (UTC)" id="a-to"><input id="a-to" type="datetime-local" value=${f.to} onInput=${set('to')} /></${Field}>
      <${Field} label="Actor" id="a-actor"><input id="a-actor" value=${f.actor} onInput=${set('actor')} /></${Field}>
      <${Field} label="Action" id="a-action" hint="exact, or a prefix such as payment."><input id="a-action" value=${f.action} onInput=${set('action')} /></${Field}>
      <${Field} label="Entity type" id="a-etype"><input id="a-etype" value=${f.entity_type} onInput=${set('entity_type')} /></${Field}>
      <${Field} label="Entity id" id="a-eid"><input id="a-eid" value=${f.entity_id} onInput=${set('entity_id')} /></${Field}>
      <div class="filter-actions"><button class="btn btn-primary" type="submit">Search</button>
        <button class="btn" type="button" onClick=${() => { setF(Object.fromEntries(FILTERS.map((k) => [k, '']))); navigate('/audit', {}); }}>Clear</button></div>
    </form>
    ${exporting ? html`<${Notice} tone="info">${exporting}</${Notice}>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !rows.length ? html`<${Empty}>No audit record matches.</${Empty}>` : null}
    ${rows.length ? html`<div class="table-wrap" tabindex="0"><table class="table audit">
      <caption class="sr-only">Audit records, newest first</caption>
      <thead><tr><th scope="col">At (UTC)</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Entity</th><th scope="col">Change</th><th scope="col">From</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr key=${r.id}>
        <td class="nowrap">${fmtTime(r.timestamp)}</td><td>${r.actor}</td><td class="mono">${r.action}</td>
        <td>${r.entity_type} <span class="mono small">${r.entity_id}</span></td>
        <td class="small">${r.before ? html`<span class="muted">${summary(r.before)}</span> → ` : null}${summary(r.after)}${r.details ? html`<br /><span class="muted">${summary(r.details)}</span>` : null}</td>
        <td class="small">${r.source_address}</td>
      </tr>`)}</tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button class="btn" type="button" disabled=${!query.before} onClick=${() => history.back()}>Newer</button>
      <button class="btn" type="button" disabled=${!data.next} onClick=${() => navigate('/audit', { ...query, before: data.next })}>Older</button>
    </nav>` : null}
  </${Page}>`;
}

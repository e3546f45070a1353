// Renders the OpenAPI document with Redoc (its standalone bundle is loaded
// before this script, from this origin).
const el = document.getElementById('redoc');
window.Redoc.init(el.dataset.spec, {
  hideDownloadButton: false,
  expandResponses: '200,201',
  jsonSampleExpandLevel: 3,
  pathInMiddlePanel: true,
  theme: { typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' }, code: { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace' } } },
}, el);

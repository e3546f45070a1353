// A small uPlot time-series chart.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './ui.js';

const palette = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777'];

export function Chart({ title, series, data, unit = '', height = 150 }) {
  const box = useRef();
  const plot = useRef();
  const key = series.join('|');
  useEffect(() => {
    const width = Math.max(240, box.current.clientWidth || 320);
    const opts = {
      width,
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(Number.isFinite(max) ? max : 0, 1) * 1.1] } },
      axes: [{ stroke: '#64748b', grid: { stroke: '#e2e8f0' } },
        { stroke: '#64748b', grid: { stroke: '#e2e8f0' }, size: 56, values: (u, v) => v.map((x) => `${+x.toPrecision(3)}${unit}`) }],
      series: [{}, ...series.map((label, i) => ({ label, stroke: palette[i % palette.length], width: 1.5, spanGaps: false }))],
    };
    plot.current = new uPlot(opts, data, box.current);
    const ro = new ResizeObserver(() => {
      const w = box.current && box.current.clientWidth;
      if (w && plot.current) plot.current.setSize({ width: w, height });
    });
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      plot.current.destroy();
      plot.current = null;
    };
  }, [key]);
  useEffect(() => {
    if (plot.current) plot.current.setData(data);
  }, [data]);
  // data-points and data-from (the first point's unix time) say what the chart holds.
  return html`<figure class="chart"><figcaption>${title}</figcaption><div ref=${box} class="chart-box" role="img" aria-label=${`${title}, last hour`}
    data-points=${data[0].length} data-from=${data[0].length ? data[0][0] : ''}></div></figure>`;
}

import { html, svg, type TemplateResult } from 'lit';

export interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

const WIDTH = 640;

/** A stacked bar chart (one bar per label) drawn as inline SVG: no chart library, readable by screen readers through its title and bar titles. */
export function barChart(title: string, labels: readonly string[], series: readonly Series[], height = 200): TemplateResult {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const top = niceCeiling(max);
  const left = 36;
  const bottom = 22;
  const plotHeight = height - bottom - 8;
  const slot = (WIDTH - left) / Math.max(1, labels.length);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const y = (value: number) => 8 + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(labels.length / 12);
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label=${`${title}: ${labels.map((l, i) => `${l} ${totals[i]}`).join(', ')}`}>
      ${[0, 0.5, 1].map((f) => svg`<line x1=${left} x2=${WIDTH} y1=${y(top * f)} y2=${y(top * f)} class="grid"></line><text x=${left - 4} y=${y(top * f) + 4} text-anchor="end" class="axis">${Math.round(top * f)}</text>`)}
      ${labels.map((label, i) => {
        let base = 0;
        const x = left + i * slot + (slot - barWidth) / 2;
        return svg`${series.map((s) => {
          const value = s.values[i] ?? 0;
          const rect = svg`<rect x=${x} y=${y(base + value)} width=${barWidth} height=${Math.max(0, y(base) - y(base + value))} fill=${s.color}><title>${label} · ${s.name}: ${value}</title></rect>`;
          base += value;
          return rect;
        })}${i % labelEvery === 0 ? svg`<text x=${x + barWidth / 2} y=${height - 6} text-anchor="middle" class="axis">${label}</text>` : ''}`;
      })}
    </svg>
    ${series.length > 1 ? html`<div class="legend">${series.map((s) => html`<span><i style="background:${s.color}"></i>${s.name}</span>`)}</div>` : ''}
  </figure>`;
}

/** Horizontal bars for a ranking (hand-off reasons, CSAT scores). */
export function rankChart(title: string, rows: readonly { label: string; value: number }[], color = '#2563eb'): TemplateResult {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return html`<figure class="chart rank">
    <figcaption>${title}</figcaption>
    ${rows.length === 0 ? html`<p class="muted">–</p>` : rows.map((r) => html`<div class="rank-row"><span class="rank-label">${r.label}</span><span class="rank-bar"><i style="width:${(r.value / max) * 100}%;background:${color}"></i></span><span class="rank-value">${r.value}</span></div>`)}
  </figure>`;
}

function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

import { css } from 'lit';

export const dashboardStyles = css`
  :host { display: block; color: #111827; font-size: 14px; }
  h3 { font-size: 14px; margin: 16px 0 6px; }
  button, .button { font: inherit; border: 1px solid #2563eb; background: #2563eb; color: #fff; border-radius: 6px; padding: 6px 12px; cursor: pointer; display: inline-block; }
  button.secondary, .button.secondary { background: #fff; color: #2563eb; }
  button.danger { background: #fff; color: #b91c1c; border-color: #b91c1c; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, tr:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
  input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #d1d5db; border-radius: 6px; box-sizing: border-box; }
  .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
  .grow { flex: 1; min-width: 200px; }
  .row { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
  .wrap { flex-wrap: wrap; }
  .file input { display: none; }
  .card { border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px 14px; margin-bottom: 12px; background: #fff; }
  .editor label { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; }
  .editor .row.wrap label { flex-direction: row; align-items: center; gap: 6px; margin: 0 12px 0 0; }
  .editor .row.wrap input[type=number] { width: 90px; }
  .error { color: #b91c1c; }
  .ok { color: #15803d; }
  .muted { color: #6b7280; margin: 8px 0 4px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #f3f4f6; vertical-align: top; }
  th { color: #6b7280; font-weight: 500; }
  tbody tr[data-id] { cursor: pointer; }
  tbody tr[data-id]:hover { background: #f9fafb; }
  .clip { max-width: 360px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .problems { color: #b91c1c; margin: 6px 0; }
  .cluster header { display: flex; align-items: baseline; gap: 8px; }
  .cluster h3 { margin: 0; flex: 1; }
  .badge { background: #fef3c7; color: #92400e; border-radius: 999px; padding: 2px 8px; font-size: 12px; }
  .chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
  .chip { background: #f3f4f6; border-radius: 999px; padding: 2px 10px; }
  .answers { margin: 4px 0; padding-left: 18px; }
  .trace pre { background: #f9fafb; padding: 6px; border-radius: 6px; white-space: pre-wrap; word-break: break-all; font-size: 12px; max-height: 180px; overflow: auto; }
  .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-bottom: 12px; }
  .kpi { border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px; display: flex; flex-direction: column; gap: 4px; }
  .kpi span { color: #6b7280; font-size: 12px; }
  .kpi strong { font-size: 20px; }
  .chart { margin: 0 0 12px; }
  .chart figcaption { font-weight: 600; margin-bottom: 6px; }
  .chart svg { width: 100%; height: auto; }
  .chart .grid { stroke: #e5e7eb; }
  .chart .axis { font-size: 10px; fill: #6b7280; }
  .legend { display: flex; gap: 12px; font-size: 12px; color: #374151; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
  .rank-row { display: grid; grid-template-columns: 140px 1fr 40px; gap: 8px; align-items: center; margin: 4px 0; }
  .rank-bar { background: #f3f4f6; border-radius: 4px; height: 12px; overflow: hidden; }
  .rank-bar i { display: block; height: 100%; }
  .rank-value { text-align: right; }
  .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  @media (max-width: 720px) { .grid2 { grid-template-columns: 1fr; } }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

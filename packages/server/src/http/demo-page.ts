import { FAVICON_LINK } from './favicon.ts';

/** The page at `/`: what the product is, with the widget embedded by its one script tag. */
export function demoPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chatbot demo · 在线客服演示</title>
${FAVICON_LINK}
<style>
  body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
  code { background: #f0f4f8; padding: 0.1rem 0.3rem; border-radius: 4px; }
  li { margin: 0.3rem 0; }
</style>
</head>
<body>
<h1>在线客服机器人演示 · Support bot demo</h1>
<p>This page embeds the chat widget with one tag: <code>&lt;script src="/widget.js" data-server=""&gt;&lt;/script&gt;</code>.
Open the bubble in the corner and ask about the demo online-education business.</p>
<ul>
  <li>试试：<code>课程可以退宽吗</code>（错别字也能懂）、<code>怎么预约试听课</code>、<code>发票怎么开</code></li>
  <li>Try: <code>can I get a refund</code>, <code>how do I book a trial lesson</code></li>
  <li>说 <code>转人工</code> 或点“转人工” to reach a person; agents answer in the <a href="/console">agent console</a>.</li>
</ul>
<p><a href="/docs">API docs</a> · <a href="/health">health</a></p>
<script src="/widget.js" data-server=""></script>
</body>
</html>`;
}

export function consoleShell(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Agent console · 客服工作台</title>${FAVICON_LINK}
<style>html, body { margin: 0; height: 100%; font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }</style></head>
<body><agent-console></agent-console><script type="module" src="/console.js"></script></body>
</html>`;
}

export function dashboardShell(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Operator dashboard · 运营后台</title>${FAVICON_LINK}
<style>html, body { margin: 0; min-height: 100%; font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }</style></head>
<body><operator-dashboard></operator-dashboard><script type="module" src="/dashboard.js"></script></body>
</html>`;
}

// The console's page and style sheet, as strings so they are part of the bundle (and of the single binary)
// with no asset step. The script is in app.ts; the Content-Security-Policy forbids anything inline.
export const APP_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lakehouse console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <strong id="title">lakehouse</strong>
  <nav>
    <a href="#/" data-nav="overview">Pipeline</a>
    <a href="#/lake" data-nav="lake">Lake</a>
    <a href="#/table" data-nav="table">Table</a>
    <a href="#/query" data-nav="query">Query</a>
  </nav>
  <span id="where"></span>
</header>
<main id="main">Loading…</main>
<script src="/app.js"></script>
</body>
</html>
`;

export const APP_CSS = `
:root { --fg: #1d232b; --muted: #5f6b7a; --line: #d8dee6; --bg: #f6f8fa; --accent: #1f6feb; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 24px; align-items: center; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header nav a { margin-right: 14px; color: var(--muted); text-decoration: none; font-weight: 500; }
header nav a.on { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 2px; }
#where { margin-left: auto; color: var(--muted); font-size: 12px; }
main { padding: 16px 20px; max-width: 1280px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin-bottom: 14px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 14px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); font-size: 13px; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.state-ACTIVE, .state-SUCCEEDED, .state-present, .state-exists, .state-ENABLED { color: var(--ok); font-weight: 600; }
.state-FAILED, .state-CANCELLED, .state-missing { color: var(--bad); font-weight: 600; }
.state-RUNNING, .state-QUEUED, .state-CREATING, .state-UPDATING { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); }
.crumbs a { color: var(--accent); text-decoration: none; }
a { color: var(--accent); }
textarea { width: 100%; min-height: 110px; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
button, .button { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; font-weight: 600; cursor: pointer; text-decoration: none; display: inline-block; }
button[disabled] { opacity: .5; cursor: default; }
button.plain { background: #fff; color: var(--fg); border: 1px solid var(--line); }
.row { display: flex; gap: 10px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.error { color: var(--bad); white-space: pre-wrap; }
svg.chart { width: 100%; max-width: 640px; height: auto; display: block; }
svg.chart text { font-size: 11px; fill: var(--muted); }
svg.chart .axis { stroke: #8c959f; stroke-width: 1; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .bar { fill: var(--accent); }
svg.chart .title { font-size: 13px; fill: var(--fg); font-weight: 600; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.history li { margin: 3px 0; cursor: pointer; }
.history li:hover { text-decoration: underline; }
`;

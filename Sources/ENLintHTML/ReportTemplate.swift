/// The page: one Mustache template with its style sheet inline, so the report is one file that
/// works offline and as an e-mail attachment. It has no script and loads nothing.
///
/// Safety rests on two rules, both checked by the tests: values appear only as double-brace tags
/// (escaped for text and for double-quoted attributes: `< > & " '`), never in the unescaped
/// triple-brace or ampersand forms; and no value is placed inside `<style>` or an unquoted attribute.
enum ReportTemplate {
    static let text = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>enlint report: {{title}}</title>
<style>
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --paper: #ffffff; --page: #f5f7fa;
  --error: #c62828; --error-bg: #fdecea; --warning: #b26a00; --warning-bg: #fff4e0;
  --info: #1565c0; --info-bg: #e8f1fb; --ok: #2e7d32; --ok-bg: #e9f5ea; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 40px; }
header.run { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
header.run h1 { font-size: 22px; margin: 0; }
header.run p { margin: 0; color: var(--muted); }
ul.files { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 20px; padding: 0; list-style: none; }
ul.files a { display: inline-block; padding: 4px 10px; border-radius: 999px; text-decoration: none; font-size: 13px; border: 1px solid var(--line); background: var(--paper); color: var(--ink); }
ul.files a::before { content: "●"; margin-right: 6px; }
ul.files a.tone-error::before { color: var(--error); } ul.files a.tone-warning::before { color: var(--warning); } ul.files a.tone-ok::before { color: var(--ok); }
section.file { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; margin: 0 0 28px; overflow: hidden; }
.file > .body { padding: 4px 22px 22px; }
h2.path { margin: 0; padding: 14px 22px; font-size: 16px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 8px; color: var(--ink); }
.verdict { display: flex; gap: 16px; align-items: center; padding: 16px 22px; border-left: 8px solid; }
.verdict .mark { font-size: 30px; line-height: 1; width: 36px; text-align: center; }
.verdict strong { display: block; font-size: 21px; }
.verdict p { margin: 2px 0 0; }
.verdict .why { color: var(--muted); font-size: 14px; }
.verdict.error { background: var(--error-bg); border-color: var(--error); }
.verdict.error strong, .verdict.error .mark { color: var(--error); }
.verdict.warning { background: var(--warning-bg); border-color: var(--warning); }
.verdict.warning strong, .verdict.warning .mark { color: var(--warning); }
.verdict.ok { background: var(--ok-bg); border-color: var(--ok); }
.verdict.ok strong, .verdict.ok .mark { color: var(--ok); }
.columns2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 32px; }
@media (max-width: 800px) { .columns2 { grid-template-columns: minmax(0, 1fr); } }
table.facts { border-collapse: collapse; width: 100%; font-size: 14px; }
table.facts th { text-align: left; font-weight: 600; color: var(--muted); padding: 5px 12px 5px 0; width: 38%; vertical-align: top; }
table.facts td { padding: 5px 0; border-bottom: 1px solid var(--line); }
table.facts tr:last-child td { border-bottom: 0; }
table.facts td.warning { color: var(--warning); font-weight: 600; }
table.facts td.error { color: var(--error); font-weight: 600; }
.sizebar { height: 10px; background: #e4e9f0; border-radius: 5px; overflow: hidden; margin: 4px 0 2px; }
.sizebar span { display: block; height: 100%; border-radius: 5px; }
.sizebar .ok { background: var(--ok); } .sizebar .warning { background: var(--warning); } .sizebar .error { background: var(--error); }
.small { font-size: 13px; color: var(--muted); }
details.rule { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 8px; }
details.rule summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline; }
details.rule summary .count { margin-left: auto; font-weight: 600; white-space: nowrap; }
details.rule .doc { padding: 0 14px 10px 14px; font-size: 14px; border-top: 1px solid var(--line); }
details.rule .doc h4 { margin: 10px 0 2px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
details.rule .doc p { margin: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 8px; border-radius: 4px; text-transform: uppercase; letter-spacing: .03em; }
.badge.error { background: var(--error-bg); color: var(--error); }
.badge.warning { background: var(--warning-bg); color: var(--warning); }
.badge.info { background: var(--info-bg); color: var(--info); }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
svg { display: block; max-width: 100%; height: auto; font: 13px system-ui, sans-serif; margin-bottom: 6px; }
svg .track { fill: #eef2f6; }
svg .error { fill: var(--error); } svg .warning { fill: var(--warning); } svg .info { fill: var(--info); } svg .ok { fill: var(--ok); }
svg text { fill: var(--ink); } svg text.muted { fill: var(--muted); }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { padding: 6px 0; border-bottom: 1px solid var(--line); font-size: 14px; }
ul.findings li:last-child { border-bottom: 0; }
.hint { color: var(--muted); }
.hint::before { content: "→ "; }
.grid { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table.rows { border-collapse: collapse; font-size: 13px; min-width: 100%; }
table.rows th, table.rows td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; max-width: 260px; overflow-wrap: anywhere; }
table.rows thead th { background: #eef2f6; font-weight: 600; white-space: nowrap; }
table.rows th.line { background: #eef2f6; color: var(--muted); font-weight: 400; text-align: right; position: sticky; left: 0; }
table.rows td.error, table.rows th.error { background: var(--error-bg); outline: 2px solid var(--error); outline-offset: -2px; font-weight: 600; }
table.rows td.warning, table.rows th.warning { background: var(--warning-bg); outline: 2px solid var(--warning); outline-offset: -2px; font-weight: 600; }
table.rows td.info { background: var(--info-bg); outline: 2px solid var(--info); outline-offset: -2px; }
table.rows td.absent { background: repeating-linear-gradient(45deg, #f5f7fa, #f5f7fa 4px, #e9eef3 4px, #e9eef3 8px); }
table.rows tr.notes td { background: #fbfcfd; border-top: 0; padding: 4px 8px 8px; }
table.rows tr.notes p { margin: 2px 0; max-width: 900px; }
p.more { margin: 8px 0 0; color: var(--muted); font-size: 14px; }
p.clean { color: var(--ok); margin: 8px 0; }
footer { color: var(--muted); font-size: 13px; margin-top: 12px; }
</style>
</head>
<body>
<main>
<header class="run">
  <h1>CSV upload check</h1>
  <p>{{summary}}</p>
</header>
{{#multipleFiles}}
<nav><ul class="files">
{{#files}}  <li><a class="tone-{{verdict.tone}}" href="#{{anchor}}">{{verdict.headline}}: {{path}}</a></li>
{{/files}}
</ul></nav>
{{/multipleFiles}}
{{#files}}
<section class="file" id="{{anchor}}">
  <h2 class="path">{{path}}</h2>
  <div class="verdict {{verdict.tone}}">
    <div class="mark" aria-hidden="true">{{verdict.mark}}</div>
    <div>
      <strong>{{verdict.headline}}</strong>
      <p>{{verdict.kind}} · {{verdict.detail}}</p>
      <p class="why">{{verdict.kindReason}}</p>
    </div>
  </div>
  <div class="body">
  <div class="columns2">
    <div>
      <h3>The file</h3>
      <table class="facts">
        <tr><th>Size</th><td>{{sizeBar.text}}<div class="sizebar" role="img" aria-label="{{sizeBar.text}}"><span class="{{sizeBar.tone}}" style="width: {{sizeBar.percent}}%"></span></div></td></tr>
{{#facts}}        <tr><th>{{label}}</th><td class="{{tone}}">{{value}}</td></tr>
{{/facts}}
      </table>
    </div>
    <div>
      <h3>Problems by rule</h3>
{{#rules}}
      <details class="rule">
        <summary><span class="badge {{severity}}">{{severity}}</span><span><span class="id">{{id}}</span> {{name}}</span><span class="count">{{findings}}</span></summary>
        <div class="doc">
          <h4>What it checks</h4><p>{{summary}} {{whatItDoes}}</p>
          <h4>Why it matters</h4><p>{{whyItMatters}}</p>
          <h4>How to fix</h4><p>{{howToFix}}</p>
        </div>
      </details>
{{/rules}}
{{^hasFindings}}      <p class="clean">✓ No problems found.</p>
{{/hasFindings}}
    </div>
  </div>
{{#hasFindings}}
  <h3>Where the problems are</h3>
{{#lineStrip}}
  <p class="small">Along the file, from line 1 to line {{lastLine}}: one mark per finding</p>
  <svg width="{{width}}" height="50" viewBox="0 0 {{width}} 50" role="img" aria-label="Findings along the file">
    <rect class="track" x="0" y="2" width="{{width}}" height="26" rx="4"></rect>
{{#ticks}}    <rect class="{{tone}}" x="{{x}}" y="2" width="{{tickWidth}}" height="26"><title>{{label}}</title></rect>
{{/ticks}}
    <text x="0" y="46" class="muted">line 1</text><text x="{{width}}" y="46" class="muted" text-anchor="end">line {{lastLine}}</text>
  </svg>
{{/lineStrip}}
{{#columnChart}}
  <p class="small">By column: findings that point at a cell</p>
  <svg width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="Findings per column">
{{#bars}}    <text x="{{labelX}}" y="{{textY}}" text-anchor="end">{{name}}</text><rect class="track" x="{{barX}}" y="{{y}}" width="{{barSpace}}" height="16" rx="3"></rect><rect class="{{tone}}" x="{{barX}}" y="{{y}}" width="{{barWidth}}" height="16" rx="3"><title>{{name}}: {{findings}}</title></rect><text x="{{countX}}" y="{{textY}}" class="muted">{{findings}}</text>
{{/bars}}
  </svg>
{{#note}}  <p class="small">{{.}}</p>
{{/note}}
{{/columnChart}}
{{^columnChart}}  <p class="small">No finding points at a particular column: they are about the whole file or whole rows.</p>
{{/columnChart}}
{{/hasFindings}}
{{#hasFileFindings}}
  <h3>About the whole file</h3>
  <ul class="findings">
{{#fileFindings}}    <li><span class="badge {{severity}}">{{severity}}</span> <strong>{{place}}</strong>: {{message}}{{#hint}}<br><span class="hint">{{.}}</span>{{/hint}}</li>
{{/fileFindings}}
  </ul>
{{/hasFileFindings}}
{{#grid}}
  <h3>Rows to fix</h3>
  <div class="grid">
  <table class="rows">
    <thead><tr><th class="line">line</th>{{#columns}}<th class="{{tone}}">{{name}}</th>{{/columns}}</tr></thead>
    <tbody>
{{#rows}}      <tr><th class="line">{{line}}</th>{{#cells}}<td class="{{tone}}" title="{{title}}">{{text}}</td>{{/cells}}</tr>
      <tr class="notes"><td colspan="{{span}}">{{#notes}}<p><span class="badge {{severity}}">{{severity}}</span> <strong>{{place}}</strong>: {{message}}{{#hint}} <span class="hint">{{.}}</span>{{/hint}}</p>{{/notes}}</td></tr>
{{/rows}}
    </tbody>
  </table>
  </div>
{{#more}}  <p class="more">{{.}}</p>
{{/more}}
{{/grid}}
  </div>
</section>
{{/files}}
<footer>Made by {{tool}}. Lines are lines of the file as a text editor counts them; hover over a highlighted cell to see its problem.</footer>
</main>
</body>
</html>
"""#
}

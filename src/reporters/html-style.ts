/** The page's only stylesheet, inlined so `report.html` opens anywhere without assets. Status = colour + a text label. */
export const css = `
:root { color-scheme: light; --border: #d0d7de; --muted: #57606a; --code-bg: #f6f8fa; --accent: #0969da;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --known-fail: #9a6700; --known-fail-bg: #fff8c5;
  --flaky: #bc4c00; --flaky-bg: #fff1e5; --error: #8250df; --error-bg: #fbefff; --skipped: #57606a; --skipped-bg: #eaeef2; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0 auto; padding: 20px 24px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; border-bottom: 1px solid var(--border); padding-bottom: 4px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
p { margin: 4px 0; }
.meta, .file, .legend, .note { color: var(--muted); }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--code-bg); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 8px 12px; border-radius: 6px; overflow-x: auto; margin: 4px 0; white-space: pre-wrap; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--code-bg); font-weight: 600; }
.badge { display: inline-block; min-width: 6.5em; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  letter-spacing: .02em; text-transform: uppercase; text-align: center; border: 1px solid currentColor; }
.s-pass { color: var(--pass); background: var(--pass-bg); } .s-fail { color: var(--fail); background: var(--fail-bg); }
.s-known-fail { color: var(--known-fail); background: var(--known-fail-bg); } .s-flaky { color: var(--flaky); background: var(--flaky-bg); }
.s-error { color: var(--error); background: var(--error-bg); } .s-skipped { color: var(--skipped); background: var(--skipped-bg); }
.counts { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
.filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--border); padding: 8px 0; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 4px; align-items: center; }
.filters legend { float: left; margin-right: 6px; color: var(--muted); }
.filters label.toggle { cursor: pointer; }
.filters label.toggle input { position: absolute; opacity: 0; }
.filters label.toggle input:not(:checked) + .badge { opacity: .35; text-decoration: line-through; }
.filters label.toggle input:focus-visible + .badge { outline: 2px solid var(--accent); }
.filters select { font: inherit; padding: 2px 4px; }
table.matrix td.cell { padding: 3px 6px; }
table.matrix button.open { all: unset; cursor: pointer; display: block; }
table.matrix button.open:focus-visible { outline: 2px solid var(--accent); border-radius: 10px; }
table.matrix .sub { display: block; font-size: 11px; color: var(--muted); max-width: 22em; }
.hidden, [hidden] { display: none !important; }
td.dimmed { opacity: .15; }
details.cell { border: 1px solid var(--border); border-radius: 6px; margin: 6px 0; }
details.cell > summary { cursor: pointer; padding: 6px 10px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
details.cell[open] > summary { border-bottom: 1px solid var(--border); background: var(--code-bg); }
details.cell > div { padding: 4px 12px 8px; }
details.cell.flash { box-shadow: 0 0 0 3px var(--accent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { font-weight: 600; } dd { margin: 0; }
ol.steps { padding-left: 24px; } ol.steps > li { margin: 6px 0; } ol.steps ul { margin: 2px 0; padding-left: 18px; }
li.unmet > strong { color: var(--fail); }
.mark { font-size: 11px; font-weight: 600; text-transform: uppercase; padding: 0 4px; border-radius: 4px; }
td.step { max-width: 28em; }
details.skip-group { margin: 4px 0; } details.skip-group > summary { cursor: pointer; }
`;

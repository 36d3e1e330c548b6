/** The page's only stylesheet, inlined so `report.html` opens anywhere without assets. */
export const css = `
:root { color-scheme: light; --border: #d0d7de; --muted: #57606a; --code-bg: #f6f8fa;
  --pass: #dafbe1; --fail: #ffebe9; --known-fail: #fff8c5; --error: #fbefff; --skipped: #eaeef2; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0 auto; padding: 24px; max-width: 1280px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 20px; border-bottom: 1px solid var(--border); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 24px 0 4px; }
p { margin: 4px 0; }
.meta, .file, .legend { color: var(--muted); }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--code-bg); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 8px 12px; border-radius: 6px; overflow-x: auto; margin: 4px 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--code-bg); }
td.step { max-width: 28em; }
.counts span { display: inline-block; padding: 2px 8px; margin-right: 4px; border-radius: 12px; }
.pass { background: var(--pass); } .fail { background: var(--fail); } .known-fail { background: var(--known-fail); }
.error { background: var(--error); } .skipped { background: var(--skipped); }
td.status a { color: inherit; }
details { border: 1px solid var(--border); border-radius: 6px; margin: 8px 0; }
details > summary { cursor: pointer; padding: 6px 10px; border-radius: 6px; }
details[open] > summary { border-bottom: 1px solid var(--border); border-radius: 6px 6px 0 0; }
details > div { padding: 4px 12px 8px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { font-weight: 600; }
dd { margin: 0; }
ol.steps { padding-left: 24px; }
ol.steps > li { margin: 6px 0; }
ol.steps ul { margin: 2px 0; padding-left: 18px; }
td.unmet { font-weight: 600; }
`;

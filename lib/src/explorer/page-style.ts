/** The explorer page's stylesheet. */
export const EXPLORER_CSS = String.raw`
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0969da; --query: #ffd33d; --negative: #cf222e; --agree: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
#app { padding: 12px 16px 8px; max-width: 1600px; margin: 0 auto; }
header { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px 16px; margin-bottom: 10px; }
h1 { font-size: 17px; margin: 4px 0; white-space: nowrap; }
h1 small { font-weight: normal; color: var(--muted); font-size: 12px; margin-left: 6px; }
.search { position: relative; flex: 1 1 340px; max-width: 560px; }
#search { width: 100%; font: inherit; font-size: 14px; padding: 7px 10px; border: 1px solid var(--line); border-radius: 6px; }
#search:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
#suggestions { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 4px 0; list-style: none; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.12); }
#suggestions[hidden] { display: none; }
#suggestions li { display: flex; align-items: center; gap: 8px; padding: 5px 10px; cursor: pointer; }
#suggestions li.active, #suggestions li:hover { background: #ddf4ff; }
#suggestions .what { flex: 1; min-width: 0; }
#suggestions .title { display: block; font-weight: 600; }
#suggestions .meta, .meta { color: var(--muted); font-size: 12px; }
#suggestions .none { color: var(--muted); cursor: default; }
button { font: inherit; cursor: pointer; }
.add { border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 1px 6px; font-size: 12px; color: var(--ink); }
.add:hover { background: var(--soft); }
.add.less { color: var(--negative); }
#query { flex: 1 1 100%; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; min-height: 26px; }
#query .label { color: var(--muted); }
.chip { display: inline-flex; align-items: center; gap: 4px; border-radius: 12px; padding: 2px 4px 2px 10px; font-weight: 600; }
.chip.positive { background: #fff8c5; border: 1px solid #d4a72c; }
.chip.negative { background: #ffebe9; border: 1px solid var(--negative); color: var(--negative); }
.chip button { border: 0; background: none; font-size: 14px; line-height: 1; padding: 0 4px; color: inherit; }
.controls { display: flex; gap: 12px; align-items: center; color: var(--muted); }
.controls select { font: inherit; }
#agreement { margin: 0 0 8px; color: var(--muted); }
#agreement b { color: var(--ink); }
#columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 10px; margin-bottom: 12px; }
.column { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; min-width: 0; background: #fff; }
.column.on-map { border-color: var(--accent); box-shadow: inset 0 3px 0 var(--accent); }
.column h2 { font-size: 15px; margin: 0; display: flex; align-items: baseline; gap: 8px; }
.column h2 button { border: 0; background: none; padding: 0; font-weight: 700; color: var(--ink); }
.column h2 .meta { font-weight: normal; }
.column .desc { margin: 0 0 6px; color: var(--muted); font-size: 12px; }
.column ol { list-style: none; margin: 0; padding: 0; }
.column li { position: relative; padding: 4px 4px 4px 6px; border-left: 3px solid transparent; border-bottom: 1px solid #eef1f4; }
.column li.agree { border-left-color: var(--agree); background: #f3fbf5; }
.column li.hovered { background: #ddf4ff; }
.line1 { display: flex; gap: 6px; align-items: baseline; }
.rank { color: var(--muted); width: 1.6em; text-align: right; flex: none; }
.line1 .title { flex: 1; min-width: 0; overflow-wrap: break-word; color: var(--ink); text-decoration: none; font-weight: 600; }
.line1 .title:hover { color: var(--accent); text-decoration: underline; }
.sim { font-variant-numeric: tabular-nums; flex: none; }
.column .tools { display: none; position: absolute; right: 2px; top: 2px; gap: 3px; background: #fff; padding: 1px 2px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.18); }
.column li:hover .tools, .column li:focus-within .tools { display: flex; }
.column .tools .add { padding: 0 6px; }
.line2 { display: flex; gap: 8px; margin-left: calc(1.6em + 6px); color: var(--muted); font-size: 12px; }
.line2 .genres { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.line2 .count { flex: none; }
.column li .also { margin-left: calc(1.6em + 6px); color: var(--agree); font-size: 12px; font-weight: 600; }
.missing { color: var(--muted); font-style: italic; margin: 8px 0; }
.empty { color: var(--muted); margin: 8px 0; }
#map-section { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.map-head { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin-bottom: 6px; }
.map-head b { font-size: 14px; }
#map-tabs { display: flex; gap: 4px; flex-wrap: wrap; }
#map-tabs button { border: 1px solid var(--line); background: #fff; border-radius: 14px; padding: 2px 12px; }
#map-tabs button[aria-selected="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
#map-tabs button:disabled { color: #aab; cursor: not-allowed; }
#map-note { color: var(--muted); }
#map-wrap { position: relative; height: 460px; }
#map { width: 100%; height: 100%; display: block; cursor: crosshair; }
#tooltip { position: absolute; pointer-events: none; background: rgba(31,35,40,.92); color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 12px; max-width: 320px; }
#tooltip[hidden] { display: none; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin-top: 6px; color: var(--muted); font-size: 12px; }
#legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
footer { margin-top: 8px; color: var(--muted); font-size: 12px; }
`;

/**
 * GET /: the live dashboard. One static page: it loads /api/queue, then follows /api/events, and
 * filters the jobs by the leaderboard's fields (task, platform, device, mode, dtype, status). Values
 * are written with textContent, never as HTML, so a model id cannot inject markup.
 */
export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>model-matrix benchmark server</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}th{background:#f5f5f5}
.completed{color:#176d2c}.failed{color:#b00020}.running{color:#0b57d0}.cancelled{color:#777}
#filters label{margin-right:1rem}#counts{margin:.5rem 0 1rem}
</style></head><body>
<h1>model-matrix benchmark server</h1>
<div id="counts">loading…</div>
<div id="filters"></div>
<table><thead><tr><th>id</th><th>model</th><th>task</th><th>platform</th><th>device</th><th>mode</th><th>dtype</th><th>batch</th><th>status</th><th>p50 ms</th><th>error / upload</th></tr></thead>
<tbody id="jobs"></tbody></table>
<script type="module">
const FIELDS = ['task', 'platform', 'device', 'mode', 'dtype', 'status'];
const jobs = new Map();
const filters = Object.fromEntries(FIELDS.map((f) => [f, '']));
const filterBox = document.getElementById('filters');
for (const f of FIELDS) {
  const label = document.createElement('label');
  label.textContent = f + ' ';
  const select = document.createElement('select');
  select.id = 'filter-' + f;
  select.addEventListener('change', () => { filters[f] = select.value; render(); });
  label.append(select);
  filterBox.append(label);
}
function render() {
  for (const f of FIELDS) {
    const select = document.getElementById('filter-' + f);
    const values = [...new Set([...jobs.values()].map((j) => String(j[f])))].sort();
    const keep = select.value;
    select.replaceChildren(...['', ...values].map((v) => { const o = document.createElement('option'); o.value = v; o.textContent = v || 'all'; return o; }));
    select.value = values.includes(keep) ? keep : '';
  }
  const rows = [...jobs.values()].filter((j) => FIELDS.every((f) => !filters[f] || String(j[f]) === filters[f]));
  rows.sort((a, b) => b.timestamp - a.timestamp);
  const body = document.getElementById('jobs');
  body.replaceChildren(...rows.map((j) => {
    const tr = document.createElement('tr');
    tr.dataset.id = j.id;
    const p50 = j.result && j.result.metrics ? j.result.metrics.subsequent_infer_ms.p50.toFixed(2) : '';
    for (const v of [j.id.slice(0, 8), j.modelId, j.task, j.platform, j.device, j.mode, j.dtype, j.batchSize, j.status, p50, j.error || j.upload || '']) {
      const td = document.createElement('td'); td.textContent = String(v); tr.append(td);
    }
    tr.children[8].className = j.status;
    return tr;
  }));
  const counts = {};
  for (const j of jobs.values()) counts[j.status] = (counts[j.status] || 0) + 1;
  document.getElementById('counts').textContent = Object.entries(counts).map(([k, v]) => k + ': ' + v).join(' · ') || 'no jobs yet';
}
const first = await fetch('/api/queue').then((r) => r.json());
for (const j of first.queue) jobs.set(j.id, j);
render();
const events = new EventSource('/api/events');
events.addEventListener('job', (e) => { const j = JSON.parse(e.data); jobs.set(j.id, j); render(); });
</script></body></html>`;
}

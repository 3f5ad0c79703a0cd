// The model-matrix dashboard (browser side). Reads the JSON embedded in #matrix-data and draws the
// charts with the inlined echarts. Series render in one pass (progressive: 0) so a big run is drawn whole. Data only ever reaches the page through textContent and echarts.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('matrix-data').textContent);
  var charts = {};
  var stateByIndex = data.states;
  var colourOf = function (name) { return stateByIndex.filter(function (s) { return s.name === name; })[0].colour; };
  var ms = function (v) { return v == null ? '–' : v < 10 ? v.toFixed(2) + ' ms' : v < 100 ? v.toFixed(1) + ' ms' : v.toFixed(0) + ' ms'; };
  var el = function (id) { return document.getElementById(id); };
  // Log axes start at the power of ten below the smallest value, so bars grow upwards from there.
  var floorPow10 = function (extent) { return Math.pow(10, Math.floor(Math.log10(Math.min(extent.min, 1)))); };

  el('headline').textContent = data.headline;
  var c = data.counts;
  el('counts').textContent = c.total + ' cells: ' + c.pass + ' pass · ' + c.mismatch + ' mismatch · ' + c.fail + ' fail · ' +
    c.mock + ' mock only · ' + c.unsupported + ' unsupported · ' + c.skip + ' skipped' +
    (data.unavailable.length ? ' · unavailable: ' + data.unavailable.map(function (u) { return u.device + ' (' + u.reason + ')'; }).join(', ') : '');
  stateByIndex.forEach(function (s) {
    if (s.name === 'missing') return;
    var span = document.createElement('span');
    var swatch = document.createElement('i');
    swatch.style.background = s.colour;
    span.appendChild(swatch);
    span.appendChild(document.createTextNode(s.symbol + ' ' + s.label));
    el('legend').appendChild(span);
  });
  if (data.grid.cells.some(function (v) { return v[4]; })) {
    var software = document.createElement('span');
    software.textContent = '* software GPU adapter (SwiftShader): timings not representative of a GPU';
    el('legend').appendChild(software);
  }

  function init(id, height) {
    var node = el(id);
    if (height) node.style.height = height + 'px';
    var chart = echarts.init(node, null, { renderer: 'canvas' });
    charts[id] = chart;
    return chart;
  }

  // Status heatmap: rows = family · task, columns = platform/device dtype.
  (function () {
    var g = data.grid;
    var chart = init('chart-status', Math.max(260, g.rows.length * 22 + 150));
    var labelled = g.rows.length * g.columns.length <= 4000;
    chart.setOption({
      animation: false,
      tooltip: { formatter: function (p) {
        var s = stateByIndex[p.value[2]];
        return g.rows[p.value[1]] + '<br>' + g.columns[p.value[0]] + '<br>' + s.symbol + ' ' + s.name + (p.value[3] != null ? ' · p50 ' + ms(p.value[3]) : '') +
          (p.value[4] ? '<br>* software GPU adapter: timings not representative of a GPU' : '');
      } },
      grid: { left: 8, right: 16, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: g.columns, position: 'top', axisLabel: { rotate: 45, interval: 0 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: g.rows, inverse: true, axisLabel: { interval: 0 }, splitArea: { show: true } },
      visualMap: { type: 'piecewise', show: false, dimension: 2,
        pieces: stateByIndex.map(function (s, i) { return { value: i, color: s.colour, label: s.name }; }) },
      series: [{ type: 'heatmap', data: g.cells, progressive: 0, itemStyle: { borderColor: '#fff', borderWidth: 1 },
        label: { show: labelled, color: '#fff', fontSize: 11, formatter: function (p) { return stateByIndex[p.value[2]].symbol + (p.value[4] ? '*' : ''); } } }],
    });
  })();

  // Latency: p50 per family (x) and device (series) for one dtype.
  (function () {
    var L = data.latency;
    var select = el('latency-dtype');
    L.dtypes.forEach(function (d) { var o = document.createElement('option'); o.value = d; o.textContent = d; select.appendChild(o); });
    var chart = init('chart-latency', 420);
    function draw() {
      var dtype = select.value;
      var series = L.devices.map(function (device, di) {
        var values = L.rows.map(function () { return null; });
        L.values.forEach(function (v) { if (v[1] === di && v[2] === dtype) values[v[0]] = v[3]; });
        return { name: device, type: 'bar', data: values, progressive: 0 };
      });
      chart.setOption({
        animation: false,
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: ms },
        grid: { left: 8, right: 16, top: 36, bottom: L.rows.length > 24 ? 60 : 20, containLabel: true },
        xAxis: { type: 'category', data: L.rows, axisLabel: { rotate: 35, interval: 0 } },
        yAxis: { type: 'log', name: 'p50 ms', logBase: 10, min: floorPow10 },
        dataZoom: L.rows.length > 24 ? [{ type: 'slider', start: 0, end: Math.min(100, 2400 / L.rows.length) }] : [],
        series: series,
      }, true);
    }
    select.addEventListener('change', draw);
    draw();
  })();

  // Speedup over node/cpu: one point per accelerator cell, by device, coloured by dtype.
  (function () {
    var S = data.speedup;
    var chart = init('chart-speedup', 380);
    var devices = data.latency.devices.filter(function (d) { return S.some(function (s) { return s.device === d; }); });
    var dtypes = data.latency.dtypes.filter(function (d) { return S.some(function (s) { return s.dtype === d; }); });
    chart.setOption({
      animation: false,
      title: S.length ? undefined : { text: 'No accelerator cell has a measured node/cpu counterpart in this run.', left: 'center', top: 'middle', textStyle: { fontSize: 14, color: '#57606a' } },
      legend: { top: 0 },
      tooltip: { formatter: function (p) { var s = S[p.value[2]]; return s.label + '<br>' + s.device + ' ' + s.dtype + ': ' + s.speedup.toFixed(2) + '×<br>cpu ' + ms(s.cpuP50Ms) + ' → ' + ms(s.deviceP50Ms); } },
      grid: { left: 8, right: 24, top: 36, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: devices },
      yAxis: { type: 'log', name: 'speedup ×', logBase: 10, min: floorPow10 },
      series: dtypes.map(function (dtype, k) {
        return { name: dtype, type: 'scatter', symbolSize: 9, progressive: 0, data: S.map(function (s, i) { return [devices.indexOf(s.device), s.speedup, i]; }).filter(function (v) { return S[v[2]].dtype === dtype; }),
          markLine: k === 0 ? { silent: true, symbol: 'none', data: [{ yAxis: 1 }], label: { formatter: 'cpu' }, lineStyle: { color: '#888' } } : undefined };
      }),
    });
  })();

  // Output parity: cosine similarity with cpu/fp32, per device and dtype, coloured by state.
  (function () {
    var P = data.parity;
    var chart = init('chart-parity', 360);
    var columns = P.map(function (p) { return p.column; }).filter(function (d, i, a) { return a.indexOf(d) === i; }).sort();
    var states = P.map(function (p) { return p.state; }).filter(function (d, i, a) { return a.indexOf(d) === i; });
    chart.setOption({
      animation: false,
      title: P.length ? undefined : { text: 'No cell compared its outputs with the cpu/fp32 reference in this run.', left: 'center', top: 'middle', textStyle: { fontSize: 14, color: '#57606a' } },
      legend: { top: 0 },
      tooltip: { formatter: function (p) { var q = P[p.value[2]]; return q.label + '<br>' + q.column + '<br>cosine ' + q.cosine.toFixed(5) + (q.maxAbsDiff != null ? '<br>max abs diff ' + q.maxAbsDiff.toPrecision(3) : ''); } },
      grid: { left: 8, right: 24, top: 36, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: columns, axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: 'value', name: 'cosine', scale: true },
      series: states.map(function (st) {
        var s = stateByIndex[st];
        return { name: s.name, type: 'scatter', symbolSize: 8, progressive: 0, itemStyle: { color: s.colour },
          data: P.map(function (p, i) { return [columns.indexOf(p.column), p.cosine, i]; }).filter(function (v) { return P[v[2]].state === st; }) };
      }),
    });
  })();

  // History of one cell: median p50 per bucket of runs, share of passing runs, anomalies.
  (function () {
    var H = data.history;
    var select = el('history-cell');
    var chart = init('chart-history', 380);
    var first = -1;
    H.cells.forEach(function (cell, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = cell.family + ' · ' + cell.task + ' · ' + cell.platform + '/' + cell.device + ' ' + cell.dtype + ' b' + cell.batchSize +
        (cell.anomalies.length ? '  (' + cell.anomalies.length + ' anomal' + (cell.anomalies.length === 1 ? 'y' : 'ies') + ')' : '');
      select.appendChild(o);
      if (first < 0 && cell.anomalies.length) first = i;
    });
    if (H.cells.length) select.value = String(Math.max(first, 0));
    var perBucket = H.buckets.length && H.buckets.some(function (b) { return b.runs > 1; });
    el('history-note').textContent = H.buckets.length + ' points over ' + H.buckets.reduce(function (a, b) { return a + b.runs; }, 0) + ' runs' +
      (perBucket ? ' (each point: the median of consecutive runs)' : '') + '; red marks: anomalies (outside the rolling median ± 3 MAD of earlier points).';
    var labels = H.buckets.map(function (b) { return b.runs > 1 ? b.from.slice(0, 10) + '…' + b.to.slice(5, 10) : b.to.slice(0, 16).replace('T', ' '); });
    function draw() {
      var cell = H.cells[Number(select.value)];
      if (!cell) { chart.setOption({ title: { text: 'No history for these cells.', left: 'center', top: 'middle' } }, true); return; }
      chart.setOption({
        animation: false,
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, top: 36, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: labels },
        yAxis: [{ type: 'value', name: 'p50 ms', scale: true }, { type: 'value', name: 'pass %', min: 0, max: 100, splitLine: { show: false } }],
        series: [
          { name: 'p50', type: 'line', data: cell.p50Ms, connectNulls: false, showSymbol: labels.length <= 60, itemStyle: { color: '#3a6fd8' } },
          { name: 'pass %', type: 'bar', yAxisIndex: 1, data: cell.passShare.map(function (v) { return v == null ? null : Math.round(v * 100); }), itemStyle: { color: 'rgba(46,157,79,0.18)' } },
          { name: 'anomaly', type: 'scatter', symbolSize: 11, itemStyle: { color: colourOf('fail') }, data: cell.anomalies.map(function (i) { return [i, cell.p50Ms[i]]; }) },
        ],
      }, true);
    }
    select.addEventListener('change', draw);
    draw();
  })();

  // Memory timeline of a selected cell: RSS over time by phase, beside its peak RSS and model file size, plus FLOPs.
  (function () {
    var M = data.memory || [];
    var select = el('memory-cell');
    var chart = init('chart-memory', 340);
    var mib = function (b) { return b == null ? '–' : (b / 1048576).toFixed(1) + ' MiB'; };
    var phases = ['load', 'first', 'measure'];
    var colours = { load: '#8a63d2', first: '#d8893a', measure: '#3a6fd8' };
    var first = -1;
    M.forEach(function (c, i) {
      var o = document.createElement('option'); o.value = String(i); o.textContent = c.label; select.appendChild(o);
      if (first < 0 && c.points.length) first = i;
    });
    if (M.length) select.value = String(Math.max(first, 0));
    function draw() {
      var c = M[Number(select.value)];
      if (!c) { el('memory-note').textContent = ''; chart.setOption({ title: { text: 'No memory timeline or sizes for these cells.', left: 'center', top: 'middle' } }, true); return; }
      el('memory-note').textContent = 'peak RSS ' + mib(c.peakRssBytes) + ' · model files ' + mib(c.modelBytes) +
        ' · FLOPs ' + (c.flops == null ? 'n/a' : c.flops.toExponential(3)) + (c.flopsPerToken == null ? '' : ' (' + c.flopsPerToken.toExponential(3) + ' per token)') +
        ' · ' + (c.gflopsPerSecond == null ? 'GFLOP/s n/a' : c.gflopsPerSecond.toPrecision(3) + ' GFLOP/s') +
        (c.points.length ? '; load points lie between the load timers, first / measure in an untimed pass after the timed loop.' : '; ' + (c.noTimeline || 'no timeline stored') + '.');
      var lines = [];
      if (c.peakRssBytes != null) lines.push({ name: 'peak RSS', yAxis: c.peakRssBytes / 1048576, lineStyle: { color: colourOf('fail') }, label: { formatter: 'peak RSS' } });
      if (c.modelBytes != null) lines.push({ name: 'model files', yAxis: c.modelBytes / 1048576, lineStyle: { color: '#2e9d4f' }, label: { formatter: 'model files' } });
      chart.setOption({
        animation: false,
        legend: { top: 0 },
        tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + ': ' + p.value[1].toFixed(1) + ' MiB at ' + ms(p.value[0]); } },
        grid: { left: 8, right: 70, top: 36, bottom: 10, containLabel: true },
        xAxis: { type: 'value', name: 'ms', scale: true },
        yAxis: { type: 'value', name: 'MiB', min: 0 },
        series: phases.map(function (phase, k) {
          return { name: phase, type: 'line', showSymbol: true, itemStyle: { color: colours[phase] },
            data: c.points.filter(function (p) { return p[2] === phase; }).map(function (p) { return [p[0], p[1] / 1048576]; }),
            markLine: k === 0 && lines.length ? { symbol: 'none', data: lines } : undefined };
        }),
      }, true);
    }
    select.addEventListener('change', draw);
    draw();
  })();

  // Recommended: a picker per model × task × platform with its pick, runner-up, fallback chain and why.
  (function () {
    var R = data.recommended || [];
    var select = el('recommend-model');
    var card = el('recommend-card');
    R.forEach(function (r, i) { var o = document.createElement('option'); o.value = String(i); o.textContent = r.label + ': ' + (r.pick || 'no recommendation'); select.appendChild(o); });
    function row(term, text) {
      var dt = document.createElement('dt'); dt.textContent = term; card.appendChild(dt);
      var dd = document.createElement('dd'); dd.textContent = text; card.appendChild(dd);
    }
    function draw() {
      while (card.firstChild) card.removeChild(card.firstChild);
      var r = R[Number(select.value)];
      if (!r) return row('pick', 'no cells to recommend from');
      row('pick', r.pick || 'no recommendation');
      row('why', r.why);
      if (r.runnerUp) row('runner-up', r.runnerUp);
      row('fallbacks', r.fallbacks.length ? r.fallbacks.join(' → ') : 'none measured');
      if (r.auto) row("device 'auto'", r.auto);
      r.caveats.forEach(function (c) { row('note', c); });
      r.passedOver.forEach(function (p) { row('passed over', p); });
    }
    select.addEventListener('change', draw);
    draw();
  })();

  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  window.matrixCharts = charts;
  document.body.setAttribute('data-ready', 'true');
})();

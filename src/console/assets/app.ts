// The console's browser script (plain ES2020, no framework, no template literals so it can live in this
// string): hash routes for the pipeline overview with CloudWatch charts, the lake browser and Parquet
// preview, the Glue table, and the Athena editor (history, state, scanned bytes, paged results, a chart of
// a result, CSV download). Charts are SVG drawn here: axes, units and UTC time labels, nothing to load.
export const APP_JS = String.raw`
'use strict';
var main = document.getElementById('main');
var state = { names: null, query: null, pages: [], page: 0 };

function h(tag, attrs, children) {
  var el = document.createElement(tag);
  for (var k in (attrs || {})) {
    if (k === 'text') el.textContent = attrs[k];
    else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
    else if (attrs[k] !== undefined && attrs[k] !== null) el.setAttribute(k, attrs[k]);
  }
  (children || []).forEach(function (c) { if (c !== null && c !== undefined) el.append(c.nodeType ? c : document.createTextNode(String(c))); });
  return el;
}
function api(path, opts) {
  return fetch(path, opts).then(function (r) {
    return r.json().then(function (body) { if (!r.ok) throw new Error(body.error || r.statusText); return body; });
  });
}
function fmtBytes(n) {
  if (n === null || n === undefined) return '–';
  var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
  while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
  return (i ? n.toFixed(1) : String(n)) + ' ' + u[i];
}
function fmtNum(n) {
  if (n === null || n === undefined) return '–';
  var a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1).replace(/\.0$/, '') + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
  if (a >= 1e3) return (n / 1e3).toFixed(1).replace(/\.0$/, '') + 'k';
  return String(Math.round(n * 10) / 10);
}
function hhmm(ms) { return new Date(ms).toISOString().slice(11, 16); }
function fail(where, e) { where.replaceChildren(h('p', { class: 'error', 'data-testid': 'error', text: String(e.message || e) })); }
function table(cols, rows, testid) {
  return h('table', { 'data-testid': testid }, [
    h('thead', {}, [h('tr', {}, cols.map(function (c) { return h('th', { text: c }); }))]),
    h('tbody', {}, rows.map(function (r) { return h('tr', {}, r.map(function (v) { return v && v.nodeType ? h('td', {}, [v]) : h('td', { text: v === null || v === undefined ? '' : String(v) }); })); }))
  ]);
}

// An SVG chart: bars per period, y axis 0..peak with the unit, x axis with UTC HH:MM labels.
var NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, text) {
  var el = document.createElementNS(NS, tag);
  for (var k in attrs) el.setAttribute(k, attrs[k]);
  if (text !== undefined) el.textContent = text;
  return el;
}
function chart(title, unit, values, xLabel, testid) {
  var W = 600, H = 190, L = 56, R = 10, T = 24, B = 36;
  var svg = s('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title, 'data-testid': testid });
  var known = values.filter(function (v) { return v !== null; });
  var peak = known.length ? Math.max.apply(null, known) : 0;
  var top = peak > 0 ? peak : 1;
  svg.append(s('text', { x: 0, y: 14, class: 'title' }, title + '  (' + unit + ')'));
  for (var g = 0; g <= 2; g++) {
    var y = T + (H - T - B) * (1 - g / 2);
    svg.append(s('line', { x1: L, x2: W - R, y1: y, y2: y, class: g ? 'grid' : 'axis' }));
    svg.append(s('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, fmtNum(top * g / 2)));
  }
  svg.append(s('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));
  svg.append(s('text', { x: 12, y: T + (H - T - B) / 2, transform: 'rotate(-90 12 ' + (T + (H - T - B) / 2) + ')', 'text-anchor': 'middle' }, unit));
  var n = values.length, bw = (W - L - R) / Math.max(1, n);
  values.forEach(function (v, i) {
    if (v === null) return;
    var bh = (H - T - B) * (v / top);
    var bar = s('rect', { x: L + i * bw + 0.5, y: H - B - bh, width: Math.max(1, bw - 1), height: bh, class: 'bar' });
    bar.append(s('title', {}, xLabel(i) + ': ' + v + ' ' + unit));
    svg.append(bar);
  });
  var every = Math.max(1, Math.ceil(n / 6));
  for (var i = 0; i < n; i += every) {
    var x = L + i * bw + bw / 2;
    svg.append(s('line', { x1: x, x2: x, y1: H - B, y2: H - B + 4, class: 'axis' }));
    svg.append(s('text', { x: x, y: H - B + 16, 'text-anchor': 'middle' }, xLabel(i)));
  }
  return svg;
}

function overview() {
  var wrap = h('div');
  main.replaceChildren(wrap);
  Promise.all([api('/api/overview'), api('/api/metrics?minutes=60')]).then(function (r) {
    var o = r[0], m = r[1];
    document.getElementById('title').textContent = 'lakehouse · ' + o.pipeline;
    document.getElementById('where').textContent = o.provider + ' · ' + o.region;
    var res = table(['Resource', 'Name', 'State', 'ARN / path'], o.resources.map(function (x) {
      return [x.resource, x.name, h('span', { class: 'state-' + x.state, text: x.state }), h('span', { class: 'mono', text: x.arn || '' })];
    }), 'resources');
    var lake = o.lake ? h('p', {}, ['Lake ', h('code', { text: o.lake.location }), ': ' + o.lake.objects + ' objects, ' + fmtBytes(o.lake.bytes) + ', newest partition ', h('code', { text: o.lake.newestPartition || '–' }), ', ' + o.lake.errorObjects + ' under the error prefix.']) : null;
    var charts = h('div', { class: 'grid' }, m.panels.map(function (p) {
      return h('div', { class: 'card' }, [chart(p.title, p.unit, p.values, function (i) { return hhmm(m.startMs + i * m.periodMs); }, 'chart-' + p.id)]);
    }));
    wrap.replaceChildren(h('h2', { text: 'Resources' }), h('div', { class: 'card' }, [res, lake]),
      h('h2', { text: 'Stream and delivery (CloudWatch, per minute, last hour, UTC)' }), charts,
      h('p', { class: 'muted', text: 'Objects under the error prefix: ' + (m.errorObjects === null ? '–' : m.errorObjects) }));
  }).catch(function (e) { fail(wrap, e); });
}

function lake(prefix, next) {
  var wrap = h('div');
  main.replaceChildren(wrap);
  api('/api/lake?prefix=' + encodeURIComponent(prefix) + (next ? '&next=' + encodeURIComponent(next) : '')).then(function (l) {
    var parts = prefix.split('/').filter(Boolean), acc = '';
    var crumbs = h('p', { class: 'crumbs', 'data-testid': 'crumbs' }, [h('a', { href: '#/lake', text: 's3://' + l.bucket + '/' })]);
    parts.forEach(function (p) { acc += p + '/'; crumbs.append(' ', h('a', { href: '#/lake?prefix=' + encodeURIComponent(acc), text: p + '/' })); });
    var rows = l.folders.map(function (f) { return [h('a', { href: '#/lake?prefix=' + encodeURIComponent(f), 'data-testid': 'folder', text: f.slice(prefix.length) }), 'folder', '', '']; });
    l.objects.forEach(function (o) {
      var name = o.key.slice(prefix.length);
      var link = /\.parquet$/.test(o.key) ? h('a', { href: '#/object?key=' + encodeURIComponent(o.key), 'data-testid': 'object', text: name }) : h('span', { text: name });
      rows.push([link, 'object', fmtBytes(o.size), o.lastModified ? new Date(o.lastModified).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '']);
    });
    wrap.replaceChildren(h('h2', { text: 'Lake' }), crumbs, h('div', { class: 'card' }, [table(['Name', 'Kind', 'Size', 'Last modified'], rows, 'lake')]),
      l.nextToken ? h('a', { href: '#/lake?prefix=' + encodeURIComponent(prefix) + '&next=' + encodeURIComponent(l.nextToken), text: 'Next 1,000 →' }) : null);
  }).catch(function (e) { fail(wrap, e); });
}

function object(key) {
  var wrap = h('div');
  main.replaceChildren(wrap);
  wrap.append(h('p', { class: 'muted', text: 'Reading ' + key + '…' }));
  api('/api/parquet?key=' + encodeURIComponent(key)).then(function (p) {
    var up = key.slice(0, key.lastIndexOf('/') + 1);
    var cols = p.columns.map(function (c) { return c.name; });
    wrap.replaceChildren(h('p', { class: 'crumbs' }, [h('a', { href: '#/lake?prefix=' + encodeURIComponent(up), text: '← ' + up })]),
      h('h2', { text: key.slice(up.length) }),
      h('p', { 'data-testid': 'parquet-summary', text: fmtNum(p.rows) + ' rows in ' + p.rowGroups + ' row group(s), ' + fmtBytes(p.bytes) }),
      h('h2', { text: 'Schema' }), h('div', { class: 'card' }, [table(['Column', 'Physical type', 'Logical type'], p.columns.map(function (c) { return [c.name, c.type, c.logical || '']; }), 'schema')]),
      h('h2', { text: 'First rows' }), h('div', { class: 'card', style: 'overflow-x:auto' }, [table(cols, p.preview.map(function (r) { return cols.map(function (c) { var v = r[c]; return v !== null && typeof v === 'object' ? JSON.stringify(v) : v; }); }), 'preview')]));
  }).catch(function (e) { fail(wrap, e); });
}

function glueTable() {
  var wrap = h('div');
  main.replaceChildren(wrap);
  api('/api/table').then(function (t) {
    wrap.replaceChildren(h('h2', { text: 'Glue table ' + t.database + '.' + t.name }), h('p', {}, ['Location ', h('code', { text: t.location })]),
      h('div', { class: 'card' }, [table(['Column', 'Type'], t.columns.map(function (c) { return [c.name, c.type]; }), 'columns')]),
      h('h2', { text: 'Partition keys' }), h('div', { class: 'card' }, [table(['Key', 'Type'], t.partitionKeys.map(function (c) { return [c.name, c.type]; }), 'partition-keys')]),
      h('h2', { text: 'Partition projection' }), h('div', { class: 'card' }, [table(['Parameter', 'Value'], Object.keys(t.projection).sort().map(function (k) { return [k, t.projection[k]]; }), 'projection')]));
  }).catch(function (e) { fail(wrap, e); });
}

function query() {
  var box = h('textarea', { 'data-testid': 'sql', spellcheck: 'false' });
  box.value = state.sql || 'SELECT status, count(*) AS records FROM events GROUP BY status ORDER BY records DESC';
  var run = h('button', { 'data-testid': 'run', text: 'Run' });
  var status = h('div', { 'data-testid': 'query-state' });
  var out = h('div');
  var hist = h('ul', { class: 'history', 'data-testid': 'history' });
  main.replaceChildren(h('h2', { text: 'Athena' }), h('div', { class: 'card' }, [box, h('div', { class: 'row' }, [run, h('span', { class: 'muted', text: 'Ctrl-Enter runs' })]), status]), out,
    h('h2', { text: 'History' }), h('div', { class: 'card' }, [hist]));
  function loadHistory() {
    api('/api/history').then(function (r) {
      hist.replaceChildren.apply(hist, r.queries.map(function (q) {
        return h('li', { onclick: function () { box.value = q.sql; show(q.id); } }, [h('span', { class: 'state-' + q.state, text: q.state }), ' ', h('code', { text: q.sql.slice(0, 140) }), h('span', { class: 'muted', text: '  ' + fmtBytes(q.scannedBytes) + ' scanned' })]);
      }));
    }).catch(function () {});
  }
  function show(id) {
    state.query = id; state.pages = ['']; state.page = 0;
    poll(id);
  }
  function poll(id) {
    api('/api/query/' + id).then(function (q) {
      if (state.query !== id) return;
      status.replaceChildren(h('p', {}, [h('span', { class: 'state-' + q.state, 'data-testid': 'state', text: q.state }),
        h('span', { 'data-testid': 'scanned', text: '  ·  ' + fmtBytes(q.scannedBytes) + ' scanned' }), q.totalMs !== null ? '  ·  ' + q.totalMs + ' ms' : '',
        q.reason ? h('span', { class: 'error', text: '  ' + q.reason }) : null]));
      if (q.state === 'QUEUED' || q.state === 'RUNNING') return setTimeout(function () { poll(id); }, 250);
      run.disabled = false;
      loadHistory();
      if (q.state === 'SUCCEEDED') page(id);
      else out.replaceChildren();
    }).catch(function (e) { run.disabled = false; fail(status, e); });
  }
  function page(id) {
    var token = state.pages[state.page];
    api('/api/query/' + id + '/results' + (token ? '?next=' + encodeURIComponent(token) : '')).then(function (r) {
      if (r.nextToken && state.pages.length === state.page + 1) state.pages.push(r.nextToken);
      var cols = r.columns.map(function (c) { return c.name; });
      var prev = h('button', { class: 'plain', 'data-testid': 'prev', text: '← Previous', onclick: function () { state.page--; page(id); } });
      var next = h('button', { class: 'plain', 'data-testid': 'next', text: 'Next →', onclick: function () { state.page++; page(id); } });
      prev.disabled = state.page === 0;
      next.disabled = !(state.pages.length > state.page + 1);
      var csv = h('a', { class: 'button', href: '/api/query/' + id + '/csv', download: id + '.csv', 'data-testid': 'csv', text: 'Download CSV' });
      out.replaceChildren(h('div', { class: 'row' }, [prev, h('span', { 'data-testid': 'page', text: 'Page ' + (state.page + 1) + ' · ' + r.rows.length + ' rows' }), next, csv]),
        h('div', { class: 'card', style: 'overflow-x:auto' }, [table(cols, r.rows, 'results')]), resultChart(r));
    }).catch(function (e) { fail(out, e); });
  }
  run.addEventListener('click', function () {
    state.sql = box.value;
    run.disabled = true;
    status.replaceChildren(h('p', { class: 'muted', text: 'Submitting…' }));
    api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: box.value }) })
      .then(function (r) { show(r.id); }).catch(function (e) { run.disabled = false; fail(status, e); });
  });
  box.addEventListener('keydown', function (e) { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run.click(); });
  loadHistory();
}

// A bar chart of the first numeric column over the first column (the rows of this page).
function resultChart(r) {
  var types = r.columns.map(function (c) { return c.type; });
  var num = types.findIndex(function (t, i) { return i > 0 && /int|double|float|decimal|real/.test(t); });
  if (num < 0 || r.rows.length === 0) return null;
  var values = r.rows.map(function (row) { var v = Number(row[num]); return isFinite(v) ? v : null; });
  return h('div', { class: 'card' }, [chart(r.columns[num].name + ' by ' + r.columns[0].name, r.columns[num].type, values, function (i) { return String(r.rows[i][0]).slice(0, 12); }, 'result-chart')]);
}

function route() {
  var hash = location.hash.slice(1) || '/';
  var q = hash.indexOf('?');
  var path = q < 0 ? hash : hash.slice(0, q);
  var params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  document.querySelectorAll('header nav a').forEach(function (a) {
    var n = a.getAttribute('data-nav');
    a.classList.toggle('on', (path === '/' && n === 'overview') || path.slice(1) === n || (path === '/object' && n === 'lake'));
  });
  if (path === '/lake') lake(params.get('prefix') || '', params.get('next'));
  else if (path === '/object') object(params.get('key') || '');
  else if (path === '/table') glueTable();
  else if (path === '/query') query();
  else overview();
}
window.addEventListener('hashchange', route);
route();
`;

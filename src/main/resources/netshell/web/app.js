// The live page: one event stream; the server sends the picture, rates and lessons. Nothing here runs commands.
'use strict';
const token = new URLSearchParams(location.search).get('token');
const events = new EventSource('/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
const state = document.getElementById('state');
const series = {};

events.onopen = () => { state.textContent = 'live'; };
events.onerror = () => { state.textContent = 'disconnected: retrying…'; };

events.addEventListener('topology', e => {
  const d = JSON.parse(e.data);
  // The server drew it (the same picture as topology --svg); names in it are escaped there.
  document.getElementById('picture').innerHTML = d.svg;
  drawMarks();
  state.textContent = 'live: ' + d.nodes.length + ' nodes';
});

events.addEventListener('rates', e => {
  const rates = JSON.parse(e.data);
  const body = document.querySelector('#rates tbody');
  for (const [node, devices] of Object.entries(rates)) {
    for (const [device, r] of Object.entries(devices)) {
      const key = node + ':' + device;
      let row = body.querySelector('tr[data-link="' + CSS.escape(key) + '"]');
      if (!row) {
        row = document.createElement('tr');
        row.dataset.link = key;
        for (let i = 0; i < 5; i++) row.appendChild(document.createElement('td'));
        row.cells[0].textContent = key;
        body.appendChild(row);
      }
      row.cells[1].textContent = bytes(r.rxBytes);
      row.cells[2].textContent = bytes(r.txBytes);
      row.cells[3].textContent = r.rxPackets + r.txPackets;
      const h = series[key] = (series[key] || []).concat([r.rxBytes + r.txBytes]).slice(-60);
      row.cells[4].replaceChildren(spark(h));
      label(node, device, r);
    }
  }
});

events.addEventListener('lesson', e => {
  const l = JSON.parse(e.data);
  document.getElementById('no-lessons').style.display = 'none';
  const div = document.createElement('div');
  div.className = 'lesson';
  const line = document.createElement('div');
  line.className = 'line' + (l.status === 0 ? '' : ' failed');
  line.textContent = '> ' + l.line;
  div.appendChild(line);
  if (l.linux.length) {
    const linux = document.createElement('div');
    linux.className = 'linux';
    linux.textContent = l.linux.join('\n');
    div.appendChild(linux);
  }
  const list = document.getElementById('lessons');
  list.insertBefore(div, list.firstChild);
});

// A captured VXLAN packet moves along its tunnel's edge, from the node that sent it; hover shows the inner packet.
events.addEventListener('packet', e => {
  const p = JSON.parse(e.data);
  document.getElementById('packets').textContent =
      'packets drawn: ' + p.sent + ' of ' + p.captured + ' captured (at most 20 a second)';
  for (const g of document.querySelectorAll('g.tunnel')) {
    const forward = g.dataset.from === p.from && g.dataset.to === p.to;
    if (!forward && !(g.dataset.from === p.to && g.dataset.to === p.from)) continue;
    if (String(g.dataset.vni) !== String(p.vni)) continue;
    g.dataset.packets = Number(g.dataset.packets || 0) + 1;
    const line = g.querySelector('line');
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map(a => Number(line.getAttribute(a)));
    const [sx, sy, ex, ey] = forward ? [x1, y1, x2, y2] : [x2, y2, x1, y1];
    const ns = 'http://www.w3.org/2000/svg';
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('class', 'packet');
    dot.setAttribute('r', '6');
    dot.setAttribute('fill', '#e67e22');
    dot.dataset.vni = p.vni;
    const title = document.createElementNS(ns, 'title');
    title.textContent = 'VNI ' + p.vni + ': ' + p.inner + ' ' + p.protocol + ' ' + (p.summary || '');
    dot.appendChild(title);
    g.appendChild(dot);
    const start = performance.now();
    const step = now => {
      const t = Math.min(1, (now - start) / 900);
      dot.setAttribute('cx', sx + (ex - sx) * t);
      dot.setAttribute('cy', sy + (ey - sy) * t);
      if (t < 1) requestAnimationFrame(step); else dot.remove();
    };
    requestAnimationFrame(step);
    return;
  }
});

// Doctor's findings, pingall's pairs and trace's path: listed, and drawn on the picture (again after each redraw).
const marksBySource = {};
events.addEventListener('marks', e => {
  const m = JSON.parse(e.data);
  marksBySource[m.source] = m;
  const list = document.getElementById({doctor: 'doctor', pingall: 'reach', trace: 'trace'}[m.source]);
  if (list) {
    list.classList.remove('empty');
    list.replaceChildren(line('> ' + m.line, ''));
    if (m.source === 'pingall') {
      const bad = m.marks.filter(x => !x.ok).length;
      list.appendChild(line((m.marks.length - bad) + '/' + m.marks.length + ' pairs reached', bad ? 'bad' : 'good'));
      for (const x of m.marks) list.appendChild(line(x.node + ' → ' + x.other + '  ' + x.text, x.ok ? 'good' : 'bad'));
    } else if (m.source === 'doctor') {
      if (!m.marks.length) list.appendChild(line('no finding', 'good'));
      for (const x of m.marks) list.appendChild(line(x.node + ': ' + x.text, x.ok ? 'warn' : 'bad'));
    } else {
      for (const x of m.marks) list.appendChild(line(x.node + '  ' + x.text, x.ok ? '' : 'bad'));
    }
  }
  drawMarks();
});

function line(text, cls) {
  const div = document.createElement('div');
  div.textContent = text;
  if (cls) div.className = cls;
  return div;
}

/** The node box of a node or of the node holding a container. */
function nodeBox(name) {
  for (const g of document.querySelectorAll('g.node')) if (g.dataset.node === name) return g;
  for (const t of document.querySelectorAll('text.container'))
    if (t.dataset.container === name) return t.closest('g.node');
  return null;
}

function drawMarks() {
  for (const g of document.querySelectorAll('g.node')) g.classList.remove('finding', 'warning', 'on-path', 'dropped');
  for (const x of (marksBySource.doctor || {marks: []}).marks) {
    const g = nodeBox(x.node);
    if (g && !g.classList.contains('finding')) g.classList.add(x.ok ? 'warning' : 'finding');
    if (g && !x.ok) g.classList.remove('warning');
  }
  for (const x of (marksBySource.trace || {marks: []}).marks) {
    const g = nodeBox(x.node);
    if (g) g.classList.add(x.ok ? 'on-path' : 'dropped');
  }
}

// Click a node: doctor's findings on it, with their fixes.
document.getElementById('picture').addEventListener('click', e => {
  const g = e.target.closest && e.target.closest('g.node');
  if (!g) return;
  const details = document.getElementById('details');
  const mine = (marksBySource.doctor || {marks: []}).marks.filter(x => nodeBox(x.node) === g);
  details.replaceChildren(line(g.dataset.node + ': ' + (mine.length ? '' : 'no finding'), ''));
  for (const x of mine) details.appendChild(line(x.text, x.ok ? 'warn' : 'bad'));
});

/** The tunnel edge's label shows its traffic as its first node sends and receives it. */
function label(node, device, r) {
  for (const g of document.querySelectorAll('g.tunnel')) {
    if (g.dataset.from !== node || g.dataset.device !== device) continue;
    const text = g.querySelector('text');
    if (text) text.textContent = 'VNI ' + g.dataset.vni + ' · ' + bytes(r.rxBytes + r.txBytes) + '/s';
  }
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' kB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}

function spark(values) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '120');
  svg.setAttribute('height', '20');
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => (i * 2) + ',' + (19 - 18 * v / max)).join(' ');
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#2e86c1');
  svg.appendChild(line);
  return svg;
}

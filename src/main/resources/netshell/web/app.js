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

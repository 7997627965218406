// Faultline report: draws the timeline, latency, throughput and bank plots from the JSON
// embedded in the page. No libraries, no network.
(function () {
  'use strict';
  const T0 = performance.now();
  const D = JSON.parse(document.getElementById('report-data').textContent);
  const T_PARSED = performance.now();
  const OUT = ['ok', 'fail', 'info', 'open'];
  const COLOR = { ok: '#2e9d4a', fail: '#d6453d', info: '#e59a1c', open: '#8a8f98' };
  const FAULT = { partition: 'rgba(214,69,61,0.13)', kill: 'rgba(60,60,70,0.15)', pause: 'rgba(130,80,200,0.14)',
    clock: 'rgba(31,119,180,0.14)', packet: 'rgba(23,190,207,0.16)' };
  const FAULT_EDGE = { partition: '#d6453d', kill: '#3c3c46', pause: '#8250c8', clock: '#1f77b4', packet: '#17becf' };
  const PALETTE = ['#1f77b4', '#9467bd', '#e377c2', '#17becf', '#8c564b', '#bcbd22', '#ff7f0e', '#7f7f7f', '#2ca02c', '#d62728'];
  const fColor = i => PALETTE[i % PALETTE.length];
  const faultFill = k => FAULT[k] || 'rgba(229,154,28,0.15)';
  const faultEdge = k => FAULT_EDGE[k] || '#e59a1c';
  const END = Math.max(D.end, 1);
  const UNIT = D.realTime ? 'time' : 'op index';

  // ---- decode the ops: base64 zigzag varints (see ReportData#writeOps) ----
  function varints(b64) {
    const bin = atob(b64), n = bin.length, bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    let pos = 0;
    return function next() {
      let z = 0, mul = 1, b;
      do { b = bytes[pos++]; z += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    };
  }
  const N = D.ops.n;
  const lane = new Int32Array(N), start = new Float64Array(N), dur = new Float64Array(N), code = new Int32Array(N);
  const inv = new Int32Array(N), comp = new Int32Array(N), proc = new Int32Array(N);
  {
    const next = varints(D.ops.bin), lastProc = new Float64Array(D.lanes.length + 1);
    let s = 0, ix = 0;
    for (let i = 0; i < N; i++) {
      const l = next(); lane[i] = l;
      s += next(); start[i] = s; dur[i] = next(); code[i] = next();
      ix += next(); inv[i] = ix;
      const ci = next(); comp[i] = ci === 0 ? -1 : ix + ci;
      const p = lastProc[l] + next(); proc[i] = p; lastProc[l] = p;
    }
  }
  const T_DECODED = performance.now();
  // latency points: t, latency, code, invocation index
  const LAT = D.latency.kept, latT = new Float64Array(LAT), latV = new Float64Array(LAT), latC = new Int32Array(LAT), latI = new Int32Array(LAT);
  {
    const next = varints(D.latency.bin);
    let t = 0, ix = 0;
    for (let j = 0; j < LAT; j++) { t += next(); latT[j] = t; latV[j] = next(); latC[j] = next(); ix += next(); latI[j] = ix; }
  }
  const detail = D.ops.x || null;
  // Longest completed op bounds how far back a window's first visible op can start.
  let maxDur = 0; const openOps = [];
  for (let i = 0; i < N; i++) { if (dur[i] < 0) openOps.push(i); else if (dur[i] > maxDur) maxDur = dur[i]; }
  const endOf = i => dur[i] < 0 ? END : start[i] + dur[i];
  // history index (invocation or completion) -> op number
  const opOfIndex = new Int32Array(D.historySize).fill(-1);
  for (let i = 0; i < N; i++) { opOfIndex[inv[i]] = i; if (comp[i] >= 0) opOfIndex[comp[i]] = i; }

  // ---- formatting ----
  function fmtT(us) {
    if (!D.realTime) return Math.round(us / 1000).toString();
    const a = Math.abs(us);
    if (a < 1000) return us.toFixed(0) + ' µs';
    if (a < 1e6) return (us / 1000).toFixed(a < 1e4 ? 2 : 1) + ' ms';
    if (a < 6e7) return (us / 1e6).toFixed(a < 1e7 ? 3 : 2) + ' s';
    const m = Math.floor(us / 6e7); return m + ' min ' + ((us - m * 6e7) / 1e6).toFixed(1) + ' s';
  }
  function fmtDur(us) {
    if (!D.realTime) return '';
    if (us < 1000) return us.toFixed(us < 10 ? 1 : 0) + ' µs';
    if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
    return (us / 1e6).toFixed(2) + ' s';
  }
  function niceStep(span, count) {
    const raw = span / Math.max(1, count), mag = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
    return 10 * mag;
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]); }
  function opName(i) { return D.fs[code[i] >> 2]; }
  function opText(i) {
    const o = OUT[code[i] & 3];
    let s = '#' + inv[i] + ' ' + (lane[i] === 0 && D.lanes[0] === 'nemesis' ? 'nemesis' : 'p' + proc[i]) + ' ' + opName(i) + ' ' + o;
    if (detail) s += ' — ' + detail[i];
    s += '\ninvoked at ' + fmtT(start[i]) + (dur[i] >= 0 ? (D.realTime ? ', took ' + fmtDur(dur[i]) : '') : ', never completed');
    if (!detail) s += '\n(values: history.jsonl line ' + (inv[i] + 1) + ')';
    return s;
  }

  function canvas(el, w, h) {
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(w * dpr); el.height = Math.round(h * dpr);
    el.style.width = w + 'px'; el.style.height = h + 'px';
    const ctx = el.getContext('2d'); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return ctx;
  }
  function widthOf(el) { return Math.max(320, Math.floor(el.getBoundingClientRect().width)); }
  function drawFaults(ctx, x, y0, y1) {
    for (const f of D.faults) {
      const a = x(f.s), b = Math.max(a + 2, x(f.e));
      ctx.fillStyle = faultFill(f.kind); ctx.fillRect(a, y0, b - a, y1 - y0);
      ctx.fillStyle = faultEdge(f.kind); ctx.fillRect(a, y0, 1, y1 - y0);
    }
    for (const e of D.events) {
      const a = x(e.t); ctx.fillStyle = '#e59a1c'; ctx.fillRect(a, y0, 1, y1 - y0);
    }
  }
  // Labels go on top of whatever the plot drew, on a light background, clipped to their band.
  function faultLabels(ctx, x, y0, y1) {
    ctx.font = '11px system-ui,sans-serif';
    for (const f of D.faults) {
      const a = x(f.s), b = Math.max(a + 2, x(f.e));
      if (b - a <= 30) continue;
      ctx.save(); ctx.beginPath(); ctx.rect(a, y0, b - a, y1 - y0); ctx.clip();
      const text = f.kind + (f.label ? ': ' + f.label : '') + (f.healed ? '' : ' (never healed)');
      ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fillRect(a + 2, y0 + 1, ctx.measureText(text).width + 5, 13);
      ctx.fillStyle = faultEdge(f.kind); ctx.fillText(text, a + 4, y0 + 11);
      ctx.restore();
    }
  }
  function timeAxis(ctx, x, t0, t1, y, x0, x1, grid, gy0, gy1) {
    const step = niceStep(t1 - t0, Math.max(2, Math.floor((x1 - x0) / 110)));
    ctx.font = '11px system-ui,sans-serif'; ctx.fillStyle = '#5f6775'; ctx.textAlign = 'center';
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      const px = x(t); if (px < x0 || px > x1) continue;
      const label = fmtT(t), half = ctx.measureText(label).width / 2;
      ctx.fillText(label, Math.min(Math.max(px, x0 + half), x1 - half), y);
      if (grid) { ctx.fillStyle = '#eef0f3'; ctx.fillRect(px, gy0, 1, gy1 - gy0); ctx.fillStyle = '#5f6775'; }
    }
    ctx.textAlign = 'left';
  }

  // ---- timeline ----
  const TL = {
    el: document.getElementById('timeline-canvas'), ov: document.getElementById('overview-canvas'),
    info: document.getElementById('timeline-range'), tip: document.getElementById('tooltip'),
    gutter: 86, row: 16, axis: 22, a: 0, b: END, selected: -1, drag: null, visible: [],
  };
  TL.defaultWidth = N <= 4000 ? END : Math.max(END * 3000 / N, 1);
  TL.b = Math.min(END, TL.defaultWidth);
  function firstStartingAtOrAfter(t) {
    let lo = 0, hi = N;
    while (lo < hi) { const m = (lo + hi) >> 1; if (start[m] < t) lo = m + 1; else hi = m; }
    return lo;
  }
  function visibleOps(a, b) {
    const out = [];
    for (let i = firstStartingAtOrAfter(a - maxDur - 1); i < N && start[i] <= b; i++) {
      if (dur[i] >= 0 && endOf(i) >= a) out.push(i);
    }
    for (const i of openOps) if (start[i] <= b) out.push(i);
    return out;
  }
  function setWindow(a, b) {
    const w = Math.min(Math.max(b - a, D.realTime ? 1 : 1000), END);
    a = Math.max(0, Math.min(a, END - w));
    TL.a = a; TL.b = a + w; drawTimeline();
  }
  function drawTimeline() {
    const W = widthOf(TL.el.parentElement), lanes = D.lanes.length;
    const H = TL.axis + lanes * TL.row + 6;
    const ctx = canvas(TL.el, W, H);
    const x0 = TL.gutter, x1 = W - 8, k = (x1 - x0) / (TL.b - TL.a);
    const x = t => x0 + (t - TL.a) * k;
    ctx.save(); ctx.beginPath(); ctx.rect(x0, 0, x1 - x0, H); ctx.clip();
    timeAxis(ctx, x, TL.a, TL.b, 12, x0, x1, true, TL.axis - 4, H);
    drawFaults(ctx, x, TL.axis - 4, H);
    const vis = visibleOps(TL.a, TL.b); TL.visible = vis;
    ctx.font = '10px system-ui,sans-serif';
    for (const i of vis) {
      const o = code[i] & 3, y = TL.axis + lane[i] * TL.row + 2;
      const a = Math.max(x(start[i]), x0 - 2), b = Math.min(x(endOf(i)), x1 + 2), w = Math.max(1.5, b - a);
      ctx.fillStyle = COLOR[OUT[o]]; ctx.fillRect(a, y, w, TL.row - 4);
      if (w > 34) { ctx.fillStyle = '#fff'; ctx.fillText(opName(i), a + 3, y + TL.row - 7, w - 6); }
    }
    if (TL.selected >= 0) {
      const i = TL.selected, y = TL.axis + lane[i] * TL.row + 1;
      const a = x(start[i]), w = Math.max(3, x(endOf(i)) - a);
      ctx.strokeStyle = '#111'; ctx.lineWidth = 2; ctx.strokeRect(a - 1, y - 1, w + 2, TL.row - 1);
    }
    faultLabels(ctx, x, TL.axis - 4, H);
    ctx.restore();
    ctx.font = '11px ui-monospace,monospace'; ctx.fillStyle = '#1d2330';
    for (let l = 0; l < lanes; l++) {
      const y = TL.axis + l * TL.row;
      if (l % 2 === 1) { ctx.fillStyle = '#f6f7f9'; ctx.fillRect(0, y, x0 - 4, TL.row); ctx.fillStyle = '#1d2330'; }
      ctx.fillText(D.lanes[l], 4, y + TL.row - 4, x0 - 10);
    }
    TL.x = x; TL.k = k; TL.x0 = x0; TL.x1 = x1;
    drawClocks();
    TL.info.textContent = 'showing ' + fmtT(TL.a) + ' – ' + fmtT(TL.b) + ' of ' + fmtT(END) + ' (' + vis.length.toLocaleString() + ' of ' + N.toLocaleString() + ' ops)';
    drawOverview();
  }
  function drawOverview() {
    const W = widthOf(TL.ov.parentElement), H = 34, ctx = canvas(TL.ov, W, H);
    const x0 = TL.gutter, x1 = W - 8, x = t => x0 + t / END * (x1 - x0);
    drawFaults(ctx, x, 0, H);
    // op density from the throughput buckets
    const bucket = D.rate.bucket, tot = [];
    for (const s of D.rate.series) s.n.forEach((v, j) => { tot[j] = (tot[j] || 0) + v; });
    let max = 1; for (const v of tot) if (v > max) max = v;
    ctx.fillStyle = 'rgba(46,157,74,0.55)';
    tot.forEach((v, j) => { if (v) { const h = (H - 4) * v / max; ctx.fillRect(x(j * bucket), H - h, Math.max(1, x((j + 1) * bucket) - x(j * bucket)), h); } });
    ctx.strokeStyle = '#1f5fbf'; ctx.lineWidth = 2;
    ctx.strokeRect(x(TL.a), 1, Math.max(3, x(TL.b) - x(TL.a)), H - 2);
    ctx.font = '11px system-ui,sans-serif'; ctx.fillStyle = '#5f6775'; ctx.fillText('whole run', 4, 20);
    TL.ovx = t => x(t); TL.ovInv = px => (px - x0) / (x1 - x0) * END;
  }
  function opAt(px, py) {
    const l = Math.floor((py - TL.axis) / TL.row);
    if (l < 0 || l >= D.lanes.length || px < TL.x0) return -1;
    const t = TL.a + (px - TL.x0) / TL.k, slack = 3 / TL.k;
    let best = -1;
    for (const i of TL.visible) if (lane[i] === l && start[i] - slack <= t && endOf(i) + slack >= t) { best = i; if (start[i] <= t && endOf(i) >= t) break; }
    return best;
  }
  function showTip(ev, text) {
    if (!text) { TL.tip.style.display = 'none'; return; }
    TL.tip.textContent = text; TL.tip.style.display = 'block';
    TL.tip.style.left = Math.min(ev.pageX + 12, document.documentElement.scrollWidth - 380) + 'px';
    TL.tip.style.top = (ev.pageY + 14) + 'px';
  }
  function pos(ev, el) { const r = el.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; }
  TL.el.addEventListener('mousemove', ev => {
    const [px, py] = pos(ev, TL.el);
    if (TL.drag) { TL.drag.x1 = px; drawTimeline(); const c = TL.el.getContext('2d'); c.fillStyle = 'rgba(31,95,191,0.15)'; c.fillRect(Math.min(TL.drag.x0, px), 0, Math.abs(px - TL.drag.x0), TL.el.height); return; }
    const i = opAt(px, py);
    if (i >= 0) { showTip(ev, opText(i)); return; }
    const t = TL.a + (px - TL.x0) / TL.k, f = D.faults.find(f => f.s <= t && f.e >= t);
    showTip(ev, f && px > TL.x0 ? f.kind + ': ' + f.label + '\n' + fmtT(f.s) + ' – ' + fmtT(f.e) + (f.healed ? '' : ' (never healed)') : '');
  });
  TL.el.addEventListener('mouseleave', () => showTip(null, ''));
  TL.el.addEventListener('mousedown', ev => { const [px] = pos(ev, TL.el); if (px > TL.x0) TL.drag = { x0: px, x1: px }; });
  window.addEventListener('mouseup', ev => {
    if (!TL.drag) return;
    const d = TL.drag; TL.drag = null;
    if (Math.abs(d.x1 - d.x0) > 6) {
      const a = TL.a + (Math.min(d.x0, d.x1) - TL.x0) / TL.k, b = TL.a + (Math.max(d.x0, d.x1) - TL.x0) / TL.k;
      setWindow(a, b);
    } else {
      const [px, py] = pos(ev, TL.el), i = opAt(px, py);
      if (i >= 0) { history.replaceState(null, '', '#op-' + inv[i]); select(i, false); } else drawTimeline();
    }
  });
  TL.el.addEventListener('dblclick', () => { const c = (TL.a + TL.b) / 2, w = (TL.b - TL.a) * 4; setWindow(c - w / 2, c + w / 2); });
  let ovDrag = false;
  const ovMove = ev => { const [px] = pos(ev, TL.ov), c = TL.ovInv(px), w = TL.b - TL.a; setWindow(c - w / 2, c + w / 2); };
  TL.ov.addEventListener('mousedown', ev => { ovDrag = true; ovMove(ev); });
  TL.ov.addEventListener('mousemove', ev => { if (ovDrag) ovMove(ev); });
  window.addEventListener('mouseup', () => { ovDrag = false; });
  const zoom = f => { const c = (TL.a + TL.b) / 2, w = (TL.b - TL.a) * f; setWindow(c - w / 2, c + w / 2); };
  document.getElementById('tl-prev').onclick = () => setWindow(TL.a - (TL.b - TL.a) * 0.9, TL.b - (TL.b - TL.a) * 0.9);
  document.getElementById('tl-next').onclick = () => setWindow(TL.a + (TL.b - TL.a) * 0.9, TL.b + (TL.b - TL.a) * 0.9);
  document.getElementById('tl-in').onclick = () => zoom(0.5);
  document.getElementById('tl-out').onclick = () => zoom(2);
  document.getElementById('tl-all').onclick = () => setWindow(0, END);
  document.getElementById('tl-first').onclick = () => setWindow(0, TL.defaultWidth);
  document.getElementById('tl-goto').addEventListener('change', ev => {
    const idx = parseInt(ev.target.value, 10);
    if (idx >= 0 && idx < opOfIndex.length && opOfIndex[idx] >= 0) { history.replaceState(null, '', '#op-' + idx); select(opOfIndex[idx], true); ev.target.classList.remove('bad'); }
    else ev.target.classList.add('bad');
  });
  window.addEventListener('keydown', ev => {
    if (ev.target.tagName === 'INPUT' || !TL.el.matches(':hover')) return;
    if (ev.key === 'ArrowLeft') document.getElementById('tl-prev').click();
    else if (ev.key === 'ArrowRight') document.getElementById('tl-next').click();
    else if (ev.key === '+' || ev.key === '=') zoom(0.5);
    else if (ev.key === '-') zoom(2);
    else return;
    ev.preventDefault();
  });

  // ---- clock offsets under the timeline: same x range as the timeline (see ClockSeries) ----
  const CL = { el: document.getElementById('clock-canvas'), nodes: (D.clocks && D.clocks.nodes) || [], strobes: (D.clocks && D.clocks.strobes) || [] };
  const symlog = v => Math.sign(v) * Math.log10(1 + Math.abs(v));
  function fmtMs(v) {
    const a = Math.abs(v), sign = v > 0 ? '+' : v < 0 ? '−' : '';
    if (a < 1000) return sign + a + ' ms';
    if (a < 60000) return sign + (a / 1000).toFixed(a < 10000 ? 3 : 1).replace(/\.?0+$/, '') + ' s';
    return sign + (a / 60000).toFixed(1) + ' min';
  }
  function offsetAt(c, t) {
    let v = null;
    for (let j = 0; j < c.t.length && c.t[j] <= t; j++) v = c.v[j];
    return v;
  }
  function drawClocks() {
    if (!CL.el || CL.nodes.length === 0) return;
    const W = widthOf(CL.el.parentElement), H = 150, ctx = canvas(CL.el, W, H);
    const x0 = TL.gutter, x1 = W - 8, k = (x1 - x0) / (TL.b - TL.a), x = t => x0 + (t - TL.a) * k;
    let max = 10, neg = false;
    for (const c of CL.nodes) for (const v of c.v) { max = Math.max(max, Math.abs(v)); if (v < 0) neg = true; }
    for (const s of CL.strobes) for (const v of [s[3], s[4]]) { max = Math.max(max, Math.abs(v)); if (v < 0) neg = true; }
    const top = Math.ceil(symlog(max)), lo = neg ? -top : 0, y0 = 8, y1 = H - 20;
    const y = v => y1 - (symlog(v) - lo) / (top - lo) * (y1 - y0);
    ctx.font = '11px system-ui,sans-serif'; ctx.textAlign = 'right';
    for (let d = lo; d <= top; d++) {
      const v = d === 0 ? 0 : Math.sign(d) * Math.pow(10, Math.abs(d)), py = y(v);
      if (Math.abs(d) > 1 && top - lo > 8 && Math.abs(d) % 2 === 1) continue;
      ctx.fillStyle = d === 0 ? '#b7bdc6' : '#eef0f3'; ctx.fillRect(x0, py, x1 - x0, 1);
      ctx.fillStyle = '#5f6775'; ctx.fillText(fmtMs(v), x0 - 6, py + 4);
    }
    ctx.textAlign = 'left';
    ctx.save(); ctx.beginPath(); ctx.rect(x0, 0, x1 - x0, H); ctx.clip();
    drawFaults(ctx, x, y0, y1);
    timeAxis(ctx, x, TL.a, TL.b, H - 6, x0, x1, false);
    for (const s of CL.strobes) {
      const a = x(s[1]), b = Math.max(a + 2, x(s[2])), ya = y(Math.max(s[3], s[4])), yb = y(Math.min(s[3], s[4]));
      ctx.fillStyle = fColor(s[0]); ctx.globalAlpha = 0.25; ctx.fillRect(a, ya, b - a, Math.max(2, yb - ya)); ctx.globalAlpha = 1;
      ctx.strokeStyle = fColor(s[0]); ctx.lineWidth = 1;
      ctx.beginPath(); for (let px = a; px < b; px += 6) { ctx.moveTo(px, yb); ctx.lineTo(Math.min(b, px + 6), ya); } ctx.stroke();
    }
    CL.nodes.forEach((c, n) => {
      ctx.strokeStyle = ctx.fillStyle = fColor(n); ctx.lineWidth = 2; ctx.beginPath();
      for (let j = 0; j < c.t.length; j++) {
        const px = x(c.t[j]), py = y(c.v[j]), next = j + 1 < c.t.length ? x(c.t[j + 1]) : x(END);
        if (j === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
        ctx.lineTo(next, py);
      }
      ctx.stroke();
      for (let j = 0; j < c.t.length; j++) ctx.fillRect(x(c.t[j]) - 2, y(c.v[j]) - 2, 4, 4);
    });
    ctx.restore();
    // node key, top right inside the plot, on a light background
    ctx.font = '11px ui-monospace,monospace';
    const keyW = CL.nodes.reduce((w, c) => w + ctx.measureText(c.node).width + 22, 4);
    ctx.fillStyle = 'rgba(255,255,255,0.9)'; ctx.fillRect(x1 - keyW, y0, keyW, 15);
    let kx = x1 - keyW + 4;
    CL.nodes.forEach((c, n) => {
      ctx.fillStyle = fColor(n); ctx.fillRect(kx, y0 + 6, 12, 3); ctx.fillText(c.node, kx + 15, y0 + 11);
      kx += ctx.measureText(c.node).width + 22;
    });
    CL.x0 = x0; CL.k = k;
  }
  if (CL.el && CL.nodes.length > 0) {
    const note = document.getElementById('clock-note');
    if (note) note.textContent = CL.nodes.map(c => c.node + ': ' + c.v.length + ' records, ' + fmtMs(Math.min(...c.v)) + ' to ' + fmtMs(Math.max(...c.v))).join('; ')
      + (CL.strobes.length ? '; ' + CL.strobes.length + ' strobes' : '') + '.';
    CL.el.addEventListener('mousemove', ev => {
      const [px] = pos(ev, CL.el);
      if (px < CL.x0) { showTip(ev, ''); return; }
      const t = TL.a + (px - CL.x0) / CL.k;
      showTip(ev, 'at ' + fmtT(t) + '\n' + CL.nodes.map(c => { const v = offsetAt(c, t); return c.node + ' ' + (v === null ? 'no record yet' : fmtMs(v)); }).join('\n'));
    });
    CL.el.addEventListener('mouseleave', () => showTip(null, ''));
  }

  function select(i, recenter) {
    TL.selected = i;
    const sel = document.getElementById('timeline-selected');
    if (i < 0) { sel.textContent = ''; drawTimeline(); return; }
    sel.textContent = opText(i);
    if (recenter) {
      const w = Math.min(TL.b - TL.a, Math.max(END / 50, (endOf(i) - start[i]) * 8, D.realTime ? 1000 : 20000));
      const c = (start[i] + endOf(i)) / 2; setWindow(c - w / 2, c + w / 2);
    } else drawTimeline();
  }
  function selectFromHash(scroll) {
    const m = /^#op-(\d+)$/.exec(location.hash);
    if (!m) return;
    const idx = +m[1];
    if (idx < opOfIndex.length && opOfIndex[idx] >= 0) {
      select(opOfIndex[idx], true);
      if (scroll && !document.getElementById('op-' + idx)) document.getElementById('timeline').scrollIntoView();
    }
  }
  window.addEventListener('hashchange', () => selectFromHash(true));
  document.addEventListener('click', ev => {
    const a = ev.target.closest('[data-show-op]');
    if (!a) return;
    ev.preventDefault();
    const idx = +a.getAttribute('data-show-op');
    if (opOfIndex[idx] >= 0) { select(opOfIndex[idx], true); document.getElementById('timeline').scrollIntoView({ block: 'start' }); }
  });

  // ---- latency scatter (log scale) ----
  function plotFrame(el, H) {
    const W = widthOf(el.parentElement), ctx = canvas(el, W, H);
    return { ctx, W, H, x0: 64, x1: W - 12, y0: 8, y1: H - 24 };
  }
  function xOf(f) { return t => f.x0 + t / END * (f.x1 - f.x0); }
  function clickToTimeline(el, f) {
    el.addEventListener('click', ev => {
      const [px] = pos(ev, el), t = (px - f().x0) / (f().x1 - f().x0) * END, w = TL.b - TL.a;
      setWindow(t - w / 2, t + w / 2); document.getElementById('timeline').scrollIntoView({ block: 'start' });
    });
  }
  let latFrame = null;
  function drawLatency() {
    const el = document.getElementById('latency-canvas'); if (!el) return;
    const f = latFrame = plotFrame(el, 320), ctx = f.ctx, x = xOf(f);
    let lo = Infinity, hi = 0;
    for (let j = 0; j < LAT; j++) { const v = latV[j]; if (v < lo) lo = v; if (v > hi) hi = v; }
    if (!isFinite(lo)) { lo = 1; hi = 10; }
    const l0 = Math.floor(Math.log10(lo)), l1 = Math.max(l0 + 1, Math.ceil(Math.log10(hi)));
    const y = v => f.y1 - (Math.log10(Math.max(v, 0.1)) - l0) / (l1 - l0) * (f.y1 - f.y0);
    drawFaults(ctx, x, f.y0, f.y1);
    ctx.font = '11px system-ui,sans-serif'; ctx.textAlign = 'right';
    for (let d = l0; d <= l1; d++) {
      const py = y(Math.pow(10, d)); ctx.fillStyle = '#e3e6ea'; ctx.fillRect(f.x0, py, f.x1 - f.x0, 1);
      ctx.fillStyle = '#5f6775'; ctx.fillText(D.realTime ? fmtDur(Math.pow(10, d)) : '1e' + d, f.x0 - 6, py + 4);
    }
    ctx.textAlign = 'left';
    timeAxis(ctx, x, 0, END, f.H - 6, f.x0, f.x1, false);
    for (let j = 0; j < LAT; j++) {
      const px = x(latT[j]), py = y(latV[j]), c = latC[j], o = c & 3;
      ctx.fillStyle = ctx.strokeStyle = fColor(c >> 2);
      if (o === 0) ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
      else if (o === 1) { ctx.lineWidth = 1.2; ctx.beginPath(); ctx.moveTo(px - 3, py - 3); ctx.lineTo(px + 3, py + 3); ctx.moveTo(px + 3, py - 3); ctx.lineTo(px - 3, py + 3); ctx.stroke(); }
      else { ctx.lineWidth = 1; ctx.strokeRect(px - 2.5, py - 2.5, 5, 5); }
    }
    faultLabels(ctx, x, f.y0, f.y1);
    ctx.strokeStyle = '#b7bdc6'; ctx.strokeRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    document.getElementById('latency-note').textContent = LAT === D.latency.total
      ? 'Every completed client op is drawn (' + LAT.toLocaleString() + ' points).'
      : LAT.toLocaleString() + ' of ' + D.latency.total.toLocaleString() + ' ops drawn: one per f, outcome and pixel cell, so the shape and the outliers are exact.';
  }
  // ---- throughput ----
  let rateFrame = null;
  function drawRate() {
    const el = document.getElementById('rate-canvas'); if (!el) return;
    const f = rateFrame = plotFrame(el, 240), ctx = f.ctx, x = xOf(f), perSec = D.realTime ? 1e6 / D.rate.bucket : 1;
    let hi = 1;
    // the last bucket is cut by the end of the run: scale it to a full bucket's rate
    const bucketShare = j => D.realTime ? D.rate.bucket / Math.max(1, Math.min(D.rate.bucket, END - j * D.rate.bucket)) : 1;
    for (const s of D.rate.series) s.n.forEach((v, j) => { hi = Math.max(hi, v * perSec * bucketShare(j)); });
    const step = niceStep(hi * 1.1, 4), top = Math.ceil(hi * 1.1 / step) * step;
    const y = v => f.y1 - v / top * (f.y1 - f.y0);
    drawFaults(ctx, x, f.y0, f.y1);
    ctx.font = '11px system-ui,sans-serif'; ctx.textAlign = 'right';
    for (let v = 0; v <= top; v += step) { ctx.fillStyle = '#e3e6ea'; ctx.fillRect(f.x0, y(v), f.x1 - f.x0, 1); ctx.fillStyle = '#5f6775'; ctx.fillText(v.toLocaleString(), f.x0 - 6, y(v) + 4); }
    ctx.textAlign = 'left';
    timeAxis(ctx, x, 0, END, f.H - 6, f.x0, f.x1, false);
    for (const s of D.rate.series) {
      const o = s.c & 3;
      ctx.strokeStyle = fColor(s.c >> 2); ctx.lineWidth = o === 0 ? 1.6 : 1.2;
      ctx.setLineDash(o === 0 ? [] : o === 1 ? [5, 3] : [2, 2]);
      ctx.beginPath();
      s.n.forEach((v, j) => { const px = x((j + 0.5) * D.rate.bucket), py = y(v * perSec * bucketShare(j)); if (j === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py); });
      ctx.stroke();
    }
    ctx.setLineDash([]);
    faultLabels(ctx, x, f.y0, f.y1);
    ctx.strokeStyle = '#b7bdc6'; ctx.strokeRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
  }
  // ---- bank totals ----
  function drawBank() {
    D.bank.forEach((s, n) => {
      const el = document.getElementById('bank-canvas-' + n); if (!el) return;
      const f = plotFrame(el, 220), ctx = f.ctx, x = xOf(f);
      let lo = Infinity, hi = -Infinity;
      for (const v of s.v) { if (v < lo) lo = v; if (v > hi) hi = v; }
      if (s.expected !== undefined) { lo = Math.min(lo, s.expected); hi = Math.max(hi, s.expected); }
      if (hi === lo) { hi += 1; lo -= 1; }
      const pad = (hi - lo) * 0.1; lo -= pad; hi += pad;
      const y = v => f.y1 - (v - lo) / (hi - lo) * (f.y1 - f.y0);
      drawFaults(ctx, x, f.y0, f.y1);
      const step = niceStep(hi - lo, 4);
      ctx.font = '11px system-ui,sans-serif'; ctx.textAlign = 'right';
      for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) { ctx.fillStyle = '#e3e6ea'; ctx.fillRect(f.x0, y(v), f.x1 - f.x0, 1); ctx.fillStyle = '#5f6775'; ctx.fillText(+v.toFixed(6) + '', f.x0 - 6, y(v) + 4); }
      ctx.textAlign = 'left';
      timeAxis(ctx, x, 0, END, f.H - 6, f.x0, f.x1, false);
      if (s.expected !== undefined) { ctx.strokeStyle = '#2e9d4a'; ctx.setLineDash([6, 4]); ctx.beginPath(); ctx.moveTo(f.x0, y(s.expected)); ctx.lineTo(f.x1, y(s.expected)); ctx.stroke(); ctx.setLineDash([]); }
      const every = Math.max(1, Math.floor(s.t.length / 4000));
      for (let j = 0; j < s.t.length; j += every) {
        const bad = s.expected !== undefined && s.v[j] !== s.expected;
        ctx.fillStyle = bad ? '#d6453d' : '#1f77b4'; ctx.fillRect(x(s.t[j]) - 1.5, y(s.v[j]) - 1.5, 3, 3);
      }
      faultLabels(ctx, x, f.y0, f.y1);
    ctx.strokeStyle = '#b7bdc6'; ctx.strokeRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    });
  }

  function legend() {
    const el = document.getElementById('plot-legend'); if (!el) return;
    const seen = new Set(); for (let j = 0; j < LAT; j++) seen.add(latC[j] >> 2);
    for (const s of D.rate.series) seen.add(s.c >> 2);
    let h = '';
    [...seen].sort((a, b) => a - b).forEach(i => { h += '<span class="key"><i style="background:' + fColor(i) + '"></i>' + esc(D.fs[i]) + '</span>'; });
    h += '<span class="key">■ ok</span><span class="key">✕ fail</span><span class="key">□ info</span><span class="key">— ok/s &nbsp;- - fail/s &nbsp;··· info/s</span>';
    const kinds = [...new Set(D.faults.map(f => f.kind))];
    kinds.forEach(k => { h += '<span class="key"><i style="background:' + faultFill(k) + ';border:1px solid ' + faultEdge(k) + '"></i>' + esc(k) + '</span>'; });
    el.innerHTML = h;
  }

  function drawAll() { drawTimeline(); drawLatency(); drawRate(); drawBank(); }
  legend();
  drawAll();
  if (latFrame) clickToTimeline(document.getElementById('latency-canvas'), () => latFrame);
  if (rateFrame) clickToTimeline(document.getElementById('rate-canvas'), () => rateFrame);
  selectFromHash(false);
  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawAll, 100); });
  const ms = Math.round(performance.now() - T0);
  document.getElementById('render-status').textContent = 'Plots drawn from ' + N.toLocaleString() + ' ops in ' + ms + ' ms (data parsed in '
    + Math.round(T_PARSED - T0) + ' ms, ops decoded in ' + Math.round(T_DECODED - T_PARSED) + ' ms); page ready '
    + Math.round(performance.now()) + ' ms after it was opened.';
  document.body.setAttribute('data-rendered', 'true');
})();

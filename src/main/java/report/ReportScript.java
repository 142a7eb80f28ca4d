package report;

/**
 * The report's only script, inlined (nothing fetched): hover shows the time and the values of each series under the
 * pointer with a crosshair on every chart; the wheel zooms the time axis around the pointer, a drag zooms to the
 * dragged span, a double-click resets. All charts share the time axis, so they zoom together. Without script the
 * page is the same static report. A constant: the page stays byte-identical for the same data.
 */
final class ReportScript {
    static final String JS = """
            (() => {
              "use strict";
              const charts = [...document.querySelectorAll("svg.chart")].map((svg) => {
                const plot = svg.querySelector("svg.plot");
                if (!plot) return null;
                const box = ["x", "y", "width", "height"].map((a) => Number(plot.getAttribute(a)));
                const series = [...plot.querySelectorAll("path.series, path.area")].map((p) => {
                  const pts = [];
                  const re = /([ML])(-?[\\d.]+),(-?[\\d.]+)/g;
                  for (let m; (m = re.exec(p.getAttribute("d"))); ) pts.push([Number(m[2]), Number(m[3])]);
                  if (p.classList.contains("area")) { pts.shift(); pts.pop(); } // the closing points on the base line
                  return {name: p.dataset.name || "", color: p.getAttribute("stroke"), pts};
                });
                const markers = [...plot.querySelectorAll(".marker")].map((m) => {
                  const at = /M(-?[\\d.]+)/.exec(m.getAttribute("d"));
                  return {el: m, x: at ? Number(at[1]) : 0};
                });
                const cross = svg.querySelector(".grid line").cloneNode(false);
                cross.setAttribute("class", "crosshair");
                cross.setAttribute("y1", box[1]);
                cross.setAttribute("y2", box[1] + box[3]);
                cross.removeAttribute("x1");
                cross.style.display = "none";
                plot.appendChild(cross);
                const ticks = document.createElementNS(svg.namespaceURI, "g");
                ticks.setAttribute("class", "zoom-ticks");
                svg.appendChild(ticks);
                return {svg, plot, box, series, markers, cross, ticks, t0: Number(svg.dataset.t0),
                  t1: Number(svg.dataset.t1), lo: Number(svg.dataset.lo), hi: Number(svg.dataset.hi),
                  unit: svg.dataset.unit || ""};
              }).filter((c) => c);
              if (!charts.length) return;
              const [L, T, W, H] = charts[0].box;
              let view = [L, W]; // the visible part of the plot, in unzoomed plot coordinates: left, width
              const tip = document.createElement("div");
              tip.className = "chart-tip";
              document.body.appendChild(tip);

              const svgX = (c, ev) => {
                const r = c.svg.getBoundingClientRect();
                return (ev.clientX - r.left) * c.svg.viewBox.baseVal.width / r.width;
              };
              const plotX = (sx) => view[0] + (sx - L) / W * view[1]; // screen svg x -> plot coordinate
              const timeOf = (c, px) => c.t0 + (px - L) / W * (c.t1 - c.t0);
              const fmtTime = (t) => new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC";
              const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

              function apply() {
                const zoomed = view[1] < W - 0.01;
                const k = W / view[1];
                for (const c of charts) {
                  c.plot.setAttribute("viewBox", view[0] + " " + T + " " + view[1] + " " + c.box[3]);
                  c.svg.classList.toggle("zoomed", zoomed);
                  for (const m of c.markers) { // triangles keep their shape: undo the horizontal stretch
                    m.el.setAttribute("transform", zoomed ? "translate(" + m.x + " 0) scale(" + (1 / k) + " 1) translate("
                        + (-m.x) + " 0)" : "");
                  }
                  c.ticks.textContent = "";
                  if (!zoomed) continue;
                  const from = timeOf(c, view[0]), to = timeOf(c, view[0] + view[1]);
                  for (const t of timeTicks(from, to)) {
                    const x = L + (t.t - from) / (to - from) * W;
                    const line = c.cross.cloneNode(false);
                    line.setAttribute("class", "v");
                    line.setAttribute("x1", x); line.setAttribute("x2", x);
                    line.style.display = "";
                    const text = document.createElementNS(c.svg.namespaceURI, "text");
                    text.setAttribute("x", x);
                    text.setAttribute("y", c.box[1] + c.box[3] + 17);
                    text.textContent = t.label;
                    c.ticks.append(line, text);
                  }
                }
              }

              function timeTicks(from, to) {
                const MIN = 60000, HOUR = 60 * MIN, DAY = 24 * HOUR;
                const steps = [MIN, 5 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
                  14 * DAY, 30 * DAY];
                const step = steps.find((s) => (to - from) / s <= 10) || 30 * DAY;
                const out = [];
                for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
                  const d = new Date(t);
                  const day = MONTHS[d.getUTCMonth()] + " " + d.getUTCDate();
                  out.push({t, label: step >= DAY ? day : day + " " + d.toISOString().slice(11, 16)});
                }
                return out;
              }

              function zoomTo(left, width) {
                width = Math.min(W, Math.max(W / 2000, width));
                left = Math.min(L + W - width, Math.max(L, left));
                view = [left, width];
                apply();
              }

              function nearest(pts, x) {
                let lo = 0, hi = pts.length - 1;
                if (hi < 0) return null;
                while (lo < hi) { const mid = (lo + hi) >> 1; if (pts[mid][0] < x) lo = mid + 1; else hi = mid; }
                if (lo > 0 && x - pts[lo - 1][0] < pts[lo][0] - x) lo--;
                return pts[lo];
              }

              function hover(c, ev) {
                const sx = svgX(c, ev);
                if (sx < L || sx > L + W) { leave(); return; }
                const px = plotX(sx);
                for (const o of charts) {
                  o.cross.style.display = "";
                  o.cross.setAttribute("x1", px); o.cross.setAttribute("x2", px);
                }
                const lines = [fmtTime(timeOf(c, px))];
                for (const s of c.series) {
                  const p = nearest(s.pts, px);
                  if (!p) continue;
                  const v = c.hi - (p[1] - T) / c.box[3] * (c.hi - c.lo);
                  lines.push([s.name, v.toFixed(2) + (c.unit ? " " + c.unit : ""), s.color]);
                }
                tip.textContent = "";
                for (const line of lines) {
                  const row = document.createElement("div");
                  if (typeof line === "string") row.textContent = line;
                  else {
                    const key = document.createElement("b");
                    key.textContent = line[0] + ": ";
                    if (line[2]) key.style.color = line[2];
                    row.append(key, line[1]);
                  }
                  tip.appendChild(row);
                }
                tip.style.display = "block";
                const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
                tip.style.left = x + "px";
                tip.style.top = (ev.clientY + 14) + "px";
              }

              function leave() {
                tip.style.display = "none";
                for (const o of charts) o.cross.style.display = "none";
              }

              let drag = null;
              for (const c of charts) {
                c.svg.addEventListener("mousemove", (ev) => {
                  hover(c, ev);
                  if (drag && drag.c === c) {
                    const a = Math.max(L, Math.min(drag.x, svgX(c, ev))), b = Math.min(L + W, Math.max(drag.x, svgX(c, ev)));
                    drag.band.setAttribute("x", a);
                    drag.band.setAttribute("width", b - a);
                  }
                });
                c.svg.addEventListener("mouseleave", leave);
                c.svg.addEventListener("wheel", (ev) => {
                  const sx = svgX(c, ev);
                  if (sx < L || sx > L + W) return;
                  ev.preventDefault();
                  const px = plotX(sx), k = ev.deltaY < 0 ? 0.8 : 1.25;
                  zoomTo(px - (px - view[0]) * k, view[1] * k);
                  hover(c, ev);
                }, {passive: false});
                c.svg.addEventListener("mousedown", (ev) => {
                  const sx = svgX(c, ev);
                  if (sx < L || sx > L + W) return;
                  ev.preventDefault();
                  const band = c.svg.querySelector(".frame").cloneNode(false);
                  band.setAttribute("class", "zoom-band");
                  band.setAttribute("x", sx);
                  band.setAttribute("width", 0);
                  band.setAttribute("height", c.box[3]);
                  c.svg.appendChild(band);
                  drag = {c, x: sx, band};
                });
                c.svg.addEventListener("dblclick", () => zoomTo(L, W));
              }
              window.addEventListener("mouseup", (ev) => {
                if (!drag) return;
                const {c, x, band} = drag;
                drag = null;
                band.remove();
                const sx = Math.max(L, Math.min(L + W, svgX(c, ev)));
                if (Math.abs(sx - x) < 4) return;
                const a = plotX(Math.min(x, sx)), b = plotX(Math.max(x, sx));
                zoomTo(a, b - a);
              });
            })();
            """;

    private ReportScript() {
    }
}

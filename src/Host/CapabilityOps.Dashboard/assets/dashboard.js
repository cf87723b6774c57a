// The dashboard's charts (Apache ECharts, served by the host) and its small behaviours. Chart data comes from the page itself,
// as JSON in <script type="application/json" id="chart-data">; the monthly trend is fetched from the page's own trend handler.
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  var palette = ["#1b7f5b", "#2f6fb3", "#d08c24", "#8e44ad", "#c0392b", "#16a2b8", "#6c7a89", "#e67e22", "#27ae60", "#34495e", "#b03a8f", "#7f8c2d"];

  function make(id, option) {
    var element = document.getElementById(id);
    if (!element) return null;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: palette, animation: false }, option));
    charts.push(chart);
    // Redrawn whenever its box changes size (a window resized or turned, the grid going from one column to two).
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(function () { if (!chart.isDisposed()) chart.resize(); }).observe(element);
    return chart;
  }

  function narrow() { return window.innerWidth < 600; }

  function empty(id) {
    make(id, { title: { text: data.labels.noData, left: "center", top: "middle", textStyle: { color: "#9aa5b1", fontSize: 14, fontWeight: "normal" } } });
  }

  function percentAxis() { return { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }; }

  // The unit's own rate per rule: one horizontal bar per rule.
  if (data.own && data.own.length) {
    var own = data.own.slice().reverse();
    make("chart-own", {
      grid: { left: narrow() ? 120 : 170, right: 48, top: 10, bottom: 24, containLabel: false },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (p) { var d = own[p[0].dataIndex]; return d.rule + "<br/>" + d.rate + "% (" + d.met + "/" + d.total + ")"; } },
      xAxis: percentAxis(),
      yAxis: { type: "category", data: own.map(function (d) { return d.rule; }), axisLabel: { width: narrow() ? 110 : 160, overflow: "truncate" } },
      series: [{ type: "bar", data: own.map(function (d) { return d.rate; }), label: { show: true, position: "right", formatter: "{c}%" },
        itemStyle: { color: function (p) { return p.value >= 100 ? "#1b7f5b" : p.value >= 80 ? "#d08c24" : "#c0392b"; } } }]
    });
  } else {
    empty("chart-own");
  }

  // The units below: each rule's rate, grouped by unit (a unit's bars side by side), scrollable when there are many units.
  if (data.children && data.children.units.length) {
    var many = data.children.units.length > (narrow() ? 4 : 8);
    make("chart-children", {
      grid: { left: 8, right: 8, top: 70, bottom: many ? 60 : 20, containLabel: true },
      legend: { type: "scroll", top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      xAxis: { type: "category", data: data.children.units, axisLabel: { interval: 0, rotate: narrow() || many ? 30 : 0, width: 110, overflow: "truncate" } },
      yAxis: percentAxis(),
      dataZoom: many ? [{ type: "slider", startValue: 0, endValue: narrow() ? 3 : 7, bottom: 8, height: 16 }, { type: "inside" }] : [],
      series: data.children.series.map(function (s) { return { name: s.name, type: "bar", data: s.data, barMaxWidth: 18 }; })
    });
    make("chart-scores", {
      grid: { left: 8, right: 8, top: 20, bottom: 20, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: data.scores.units, axisLabel: { interval: 0, rotate: narrow() || many ? 30 : 0, width: 110, overflow: "truncate" } },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{ name: data.labels.score, type: "bar", data: data.scores.data, barMaxWidth: 36, label: { show: !narrow(), position: "top" } }]
    });
  }

  // The monthly trend: asked for after the page, since it reads every cadre's facts of the year.
  var trendElement = document.getElementById("chart-trend");
  if (trendElement && data.trend) {
    var trend = make("chart-trend", {});
    trend.showLoading({ text: "…" });
    fetch(data.trend, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (points) {
        trend.hideLoading();
        if (!points.length) { trend.dispose(); charts.splice(charts.indexOf(trend), 1); empty("chart-trend"); return; }
        trend.setOption({
          grid: { left: 8, right: 16, top: 20, bottom: 10, containLabel: true },
          tooltip: { trigger: "axis", formatter: function (p) { var d = points[p[0].dataIndex]; return d.month + "<br/>" + d.rate + "% (" + d.compliant + "/" + d.cadres + ")"; } },
          xAxis: { type: "category", data: points.map(function (p) { return p.month.substring(5); }), boundaryGap: false },
          yAxis: percentAxis(),
          series: [{ name: data.labels.rate, type: "line", data: points.map(function (p) { return p.rate; }), areaStyle: { opacity: 0.15 }, symbolSize: 6 }]
        });
        trendElement.setAttribute("data-loaded", "true");
      })
      .catch(function () { trend.hideLoading(); trendElement.setAttribute("data-loaded", "failed"); });
  }

  if (typeof ResizeObserver === "undefined") {
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }
  document.body.setAttribute("data-charts", "ready");
})();

// Draws the dashboard's charts from the JSON the page embeds; each chart's numbers are also in the table beside it.
(function () {
  function draw() {
    if (!window.echarts) return;
    var data = JSON.parse(document.getElementById("dashboard-data").textContent);
    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var c = echarts.init(el);
      c.setOption(Object.assign({ tooltip: { trigger: "axis" }, grid: { left: 40, right: 16, top: 36, bottom: 30 } }, option));
      window.addEventListener("resize", function () { c.resize(); });
    }
    chart("chart-monthly", {
      legend: { data: ["抽查户数", "发现问题户数"] },
      xAxis: { type: "category", data: data.monthly.map(function (r) { return r.month; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "抽查户数", type: "bar", data: data.monthly.map(function (r) { return r.units; }) },
        { name: "发现问题户数", type: "line", data: data.monthly.map(function (r) { return r.problems; }) }
      ]
    });
    chart("chart-coverage", {
      legend: { data: ["覆盖率%", "目标%"] },
      xAxis: { type: "category", data: data.coverage.map(function (r) { return r.label; }), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", max: function (v) { return Math.max(10, Math.ceil(v.max)); } },
      grid: { left: 40, right: 16, top: 36, bottom: 80 },
      series: [
        { name: "覆盖率%", type: "bar", data: data.coverage.map(function (r) { return r.percent; }) },
        { name: "目标%", type: "scatter", symbol: "rect", symbolSize: [18, 3], data: data.coverage.map(function (r) { return r.target; }) }
      ]
    });
    chart("chart-outcomes", {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.outcomes }]
    });
    chart("chart-deadlines", {
      legend: { data: ["按期完成", "逾期完成", "逾期未完成", "未到期"] },
      xAxis: { type: "category", data: data.deadlines.map(function (r) { return r.kind; }), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      grid: { left: 40, right: 16, top: 36, bottom: 90 },
      series: ["done", "done_late", "overdue", "open"].map(function (key, i) {
        return { name: ["按期完成", "逾期完成", "逾期未完成", "未到期"][i], type: "bar", stack: "all",
                 data: data.deadlines.map(function (r) { return r[key]; }) };
      })
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();

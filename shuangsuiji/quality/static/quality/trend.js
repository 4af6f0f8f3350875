// Trend charts of a unit's indicators (ECharts); the flagged periods are marked. Data: #quality-trend.
(function () {
  var source = document.getElementById("quality-trend");
  if (!source || typeof echarts === "undefined") { return; }
  var trend = JSON.parse(source.textContent);
  trend.series.forEach(function (s) {
    var box = document.querySelector('[data-chart="' + s.code + '"]');
    if (!box) { return; }
    var marks = s.flagged.filter(function (p) { return trend.periods.indexOf(p) >= 0; }).map(function (p) {
      return { coord: [p, s.values[trend.periods.indexOf(p)]], value: "!" };
    });
    var chart = echarts.init(box);
    chart.setOption({
      title: { text: s.name, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: trend.periods },
      yAxis: { type: "value" },
      series: [{ type: "line", name: s.name, data: s.values, markPoint: { data: marks, itemStyle: { color: "#c0392b" } } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

/*
 * Draws the dashboard's charts from the figures the server put in #dashboard-data.
 * Money arrives as whole dollars; this file only formats and draws it, it computes nothing.
 */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return; // The data tables under each chart still give every figure.
  }
  var data = JSON.parse(source.textContent);
  var language = document.documentElement.lang || "en";
  var wholeNumbers = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  // ILO blue first; then colours that stay apart for common colour-vision deficiencies.
  var palette = ["#1e2dbe", "#fa7d00", "#7d8ca0", "#00a0b4", "#b4004b", "#230050"];

  function format(value) {
    return value === null || value === undefined ? "–" : wholeNumbers.format(value);
  }

  function draw(chart) {
    var canvas = document.getElementById("chart-" + chart.key);
    if (!canvas) {
      return;
    }
    var horizontal = chart.kind === "horizontal-bar";
    var stacked = chart.kind === "stacked-bar";
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      title: { display: true, text: chart.axis },
      ticks: { callback: format, precision: 0 },
    };
    var categoryAxis = { stacked: stacked, ticks: { autoSkip: false } };

    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.categories,
        datasets: chart.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.values,
            backgroundColor: palette[index % palette.length],
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: chart.series.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) {
                var index = items[0].dataIndex;
                return chart.descriptions[index] || chart.categories[index];
              },
              label: function (item) {
                return item.dataset.label + ": " + format(item.raw);
              },
            },
          },
        },
        scales: horizontal
          ? { x: valueAxis, y: categoryAxis }
          : { x: categoryAxis, y: valueAxis },
      },
    });
  }

  data.charts.forEach(draw);
})();

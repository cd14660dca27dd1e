// MRR by month as a line chart (uPlot), drawn from the figures the page already holds in data
// attributes; the table beside it is the same data for people and screen readers. Dividing cents
// by 100 here only places points on a chart: no amount shown as text comes from this script.
(function () {
  var target = document.getElementById('mrr-chart');
  if (!target || typeof uPlot === 'undefined' || !target.dataset.months) {
    return;
  }
  var months = target.dataset.months.split(',');
  var dollars = target.dataset.mrr.split(',').map(function (cents) { return Number(cents) / 100; });
  var xs = months.map(function (month) {
    var parts = month.split('-');
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, 1) / 1000;
  });
  var width = Math.max(280, Math.min(target.clientWidth || 640, 960));
  new uPlot({
    width: width,
    height: 240,
    scales: { x: { time: true } },
    series: [{}, { label: 'MRR ($)', stroke: '#1f4fa0', width: 2, fill: 'rgba(31, 79, 160, 0.08)' }],
    axes: [{}, { values: function (u, values) { return values.map(function (v) { return '$' + v.toLocaleString('en-US'); }); } }]
  }, [xs, dollars], target);
})();

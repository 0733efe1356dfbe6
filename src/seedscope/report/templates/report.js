/* seedscope report pages: sortable, filterable lists (tables in a .ss-list, see
   seedscope.report.html.sortable_table). The HTML already holds every row; this only adds
   sorting (tablesort, vendored beside this file) and the filter box. */
(function () {
  "use strict";
  var lists = document.querySelectorAll(".ss-list");
  Array.prototype.forEach.call(lists, function (list) {
    var table = list.querySelector("table");
    var sorter = new Tablesort(table);
    var sorted = table.querySelector("th[aria-sort]");
    if (sorted) sorter.current = sorted; // the column the rows came sorted by
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var filter = list.querySelector(".ss-filter");
    var input = filter.querySelector("input");
    var shown = filter.querySelector(".ss-count");
    filter.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var kept = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (word) { return texts[i].indexOf(word) >= 0; });
        row.hidden = !keep;
        if (keep) kept += 1;
      });
      shown.textContent = words.length ? kept + " of " + rows.length + " rows shown" : "";
    });
  });
})();

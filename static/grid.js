// In-place editing of the monthly grid, like a spreadsheet: type in a cell,
// Tab / Shift-Tab move along the row, Enter / Shift-Enter move down / up,
// Escape undoes the cell. A change is saved when the cell is left, without
// reloading the page; a failed save stays on the cell with its reason.
// Without JavaScript the same grid is edited through the per-plan form.
(function () {
  "use strict";

  function rows(table) {
    return Array.prototype.map.call(table.querySelectorAll("tr.plan-row, tr.result-row"), function (tr) {
      return Array.prototype.slice.call(tr.querySelectorAll("input.grid-input"));
    }).filter(function (r) { return r.length > 0; });
  }

  function position(grid, input) {
    for (var r = 0; r < grid.length; r++) {
      var c = grid[r].indexOf(input);
      if (c >= 0) return [r, c];
    }
    return null;
  }

  function mark(cell, state, message) {
    cell.classList.remove("saving", "saved", "failed");
    if (state) cell.classList.add(state);
    var note = cell.querySelector(".cell-error");
    if (message) {
      if (!note) {
        note = document.createElement("span");
        note.className = "cell-error";
        note.setAttribute("role", "alert");
        cell.appendChild(note);
      }
      note.textContent = message;
    } else if (note) {
      note.remove();
    }
  }

  function save(field) {
    var value = field.value;
    if (value === field.dataset.was) return;
    var cell = field.closest("td");
    var table = field.closest("table");
    var org = table.dataset.base;
    var body = new URLSearchParams();
    body.set("month", field.dataset.month);
    body.set("field", field.dataset.field);
    body.set("value", value);
    body.set("was", field.dataset.was);
    mark(cell, "saving");
    fetch(org + "/plans/" + field.dataset.plan + "/cell", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: body
    }).then(function (response) {
      // Error pages (e.g. not allowed) are HTML: fall back to the status text.
      return response.json().catch(function () { return { error: response.status + " " + response.statusText }; })
        .then(function (data) { return [response.ok, data]; });
    }).then(function (pair) {
      var ok = pair[0], data = pair[1];
      if (!ok) {
        mark(cell, "failed", data.error || "");
        return;
      }
      // The server's view of the month becomes what the page holds.
      var inputs = table.querySelectorAll('[data-plan="' + field.dataset.plan + '"][data-month="' + field.dataset.month + '"]');
      Array.prototype.forEach.call(inputs, function (el) {
        var v = data[el.dataset.field] || "";
        if (el !== field || el.tagName === "SELECT") el.value = v;
        el.dataset.was = v;
        var td = el.closest("td");
        if (el.dataset.field === "state" && td) {
          td.className = td.className.replace(/\bstate-\S+/g, "").trim() + " state-" + v;
        }
      });
      mark(cell, "saved");
    }).catch(function () {
      mark(cell, "failed", table.dataset.offline || "");
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && (el.matches("input.grid-input") || el.matches("select.grid-state"))) save(el);
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.matches || !el.matches("input.grid-input")) return;
    var table = el.closest("table");
    if (event.key === "Escape") {
      el.value = el.dataset.was;
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    var grid = rows(table);
    var at = position(grid, el);
    if (!at) return;
    var next = grid[at[0] + (event.shiftKey ? -1 : 1)];
    var target = next && next[at[1]];
    if (target) {
      target.focus();
      target.select();
    } else {
      el.blur();
      el.focus();
    }
  });
})();

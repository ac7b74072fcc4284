// In-place editing of the monthly grid, like a spreadsheet: type in a cell,
// Tab / Shift-Tab move along the row, Enter / Shift-Enter move down / up,
// Escape undoes the cell. A change is saved when the cell is left, without
// reloading the page; a failed save stays on the cell with its reason.
// A month's state is chosen in the one state list, which comes into the
// result cell being edited: Alt+Down (or a click on the state) opens it.
// Without JavaScript the grid is read-only, edited through the plan's forms.
//
// The page sends each month cell as bare text (a grid holds up to 500
// plans, 12,000 cells): the rows of a plan the viewer may edit carry its id
// (data-plan), and this script makes inputs of their month cells when the
// page loads. The row says the field (plan row: planned, result row:
// result), the column header the month (data-month), the input's default
// value what was saved, and the result cell's class the state (state-…,
// none for "planned").
(function () {
  "use strict";

  var PICKER_ID = "grid-state";

  // The month cells of the editable rows become inputs holding their text,
  // named by the plan number, the month header and the row kind (the ids
  // the page gives them, e.g. "1-2 10月 計画").
  function upgrade(table) {
    var months = table.querySelectorAll("thead th[data-month]").length;
    var proto = document.createElement("input");
    proto.maxLength = Number(table.dataset.max) || 500;
    var rows = table.querySelectorAll("tr[data-plan]");
    for (var r = 0; r < rows.length; r++) {
      var tr = rows[r];
      var name = "gn" + tr.dataset.plan + " gm";
      var kind = tr.classList.contains("result-row") ? " gkr" : " gkp";
      var cell = tr.querySelector(".row-kind");
      for (var m = 0; m < months && (cell = cell.nextElementSibling); m++) {
        // The cell's text is one text node (the parser joins it), before
        // the state marker if any.
        var text = cell.firstChild && cell.firstChild.nodeType === 3 ? cell.firstChild : null;
        var input = proto.cloneNode(false);
        input.defaultValue = text ? text.data : "";
        input.setAttribute("aria-labelledby", name + m + kind);
        if (text) cell.replaceChild(input, text);
        else cell.insertBefore(input, cell.firstChild);
      }
    }
    table.classList.add("ready");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sheet"), function (table) {
    if (table.querySelector("tr[data-plan]")) upgrade(table);
  });

  // Whether `el` is an input of the grid's month cells.
  function isCell(el) {
    return !!(el && el.tagName === "INPUT" && el.closest && el.closest("table.sheet tr[data-plan]"));
  }

  function inputsOf(tr) {
    return tr.querySelectorAll("input");
  }

  // Where an input is: its table, row, cell, plan, column and month, field.
  function where(input) {
    var tr = input.closest("tr");
    var table = tr.closest("table");
    var column = Array.prototype.indexOf.call(inputsOf(tr), input);
    var header = table.querySelectorAll("thead th[data-month]")[column];
    return {
      table: table,
      tr: tr,
      td: input.closest("td"),
      plan: tr.dataset.plan,
      column: column,
      month: header ? header.dataset.month : "",
      field: tr.classList.contains("result-row") ? "result" : "planned"
    };
  }

  function stateOf(td) {
    var m = /(?:^|\s)state-(\S+)/.exec(td.className);
    return m ? m[1] : "planned";
  }

  function picker() {
    return document.getElementById(PICKER_ID);
  }

  function stateLabel(state) {
    var p = picker();
    var option = p && p.querySelector('option[value="' + state + '"]');
    return option ? option.textContent : state;
  }

  // Shows a month's state on its result cell: the class and the marker.
  function showState(td, state) {
    td.className = td.className.replace(/(?:^|\s)state-\S+/g, "").trim();
    var marker = td.querySelector("small");
    if (state === "planned") {
      if (marker) marker.remove();
      return;
    }
    td.classList.add("state-" + state);
    if (!marker) {
      marker = document.createElement("small");
      td.insertBefore(marker, td.querySelector("input").nextSibling);
    }
    marker.textContent = stateLabel(state);
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

  // The state list comes into the result cell of `input`, showing its state
  // and named like the input ("1-2 10月 状態"); it leaves with the focus.
  function bringPicker(input) {
    var p = picker();
    if (!p) return null;
    var at = where(input);
    if (p.parentNode !== at.td) {
      parkPicker();
      at.td.insertBefore(p, input.nextSibling);
      at.td.classList.add("picking");
    }
    p.value = stateOf(at.td);
    p.setAttribute("aria-labelledby", "gn" + at.plan + " gm" + at.column + " gks");
    input.setAttribute("aria-describedby", PICKER_ID);
    return p;
  }

  function parkPicker() {
    var p = picker();
    if (!p) return;
    var td = p.closest("td");
    if (!td) return;
    td.classList.remove("picking");
    var input = td.querySelector("input");
    if (input) input.removeAttribute("aria-describedby");
    // Back where the page put it: the hidden holder before the table.
    td.closest("table").parentNode.querySelector("div[hidden]").appendChild(p);
  }

  function openPicker(input) {
    var p = bringPicker(input);
    if (!p) return;
    p.focus();
    // Chromium and Firefox open the list; elsewhere arrows change the state.
    try {
      if (p.showPicker) p.showPicker();
    } catch (e) { /* not allowed here: the list is focused, which is enough */ }
  }

  // Saves one month's field. Saves of one month run one after the other, so
  // each is sent with the value the one before it left ("was").
  var queues = {};

  function save(at, field, valueOf, cell) {
    var key = at.plan + "/" + at.month;
    var previous = queues[key] || Promise.resolve();
    var next = previous.then(function () { return send(at, field, valueOf, cell); });
    queues[key] = next;
    next.then(function () {
      if (queues[key] === next) delete queues[key];
    });
  }

  function rowsOfPlan(table, plan) {
    return table.querySelectorAll('tr[data-plan="' + plan + '"]');
  }

  function wasOf(at, field) {
    var rows = rowsOfPlan(at.table, at.plan);
    if (field === "state") return stateOf(inputsOf(rows[1])[at.column].closest("td"));
    var input = inputsOf(rows[field === "planned" ? 0 : 1])[at.column];
    return input.defaultValue;
  }

  function send(at, field, valueOf, cell) {
    var value = valueOf();
    var was = wasOf(at, field);
    if (value === was) return Promise.resolve();
    var body = new URLSearchParams();
    body.set("month", at.month);
    body.set("field", field);
    body.set("value", value);
    body.set("was", was);
    mark(cell, "saving");
    return fetch(at.table.dataset.base + "/plans/" + at.plan + "/cell", {
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
      var rows = rowsOfPlan(at.table, at.plan);
      ["planned", "result"].forEach(function (name, i) {
        var input = inputsOf(rows[i])[at.column];
        var v = data[name] || "";
        // An input being typed in keeps what is in it; the others show the
        // month as saved. Either way "was" is now the saved value.
        var typing = input === document.activeElement && input.value !== input.defaultValue;
        if (!typing) input.value = v;
        input.defaultValue = v;
      });
      var resultCell = inputsOf(rows[1])[at.column].closest("td");
      showState(resultCell, data.state || "planned");
      var p = picker();
      if (p && p.parentNode === resultCell && p !== document.activeElement) p.value = data.state || "planned";
      mark(cell, "saved");
    }).catch(function () {
      mark(cell, "failed", at.table.dataset.offline || "");
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (isCell(el)) {
      var at = where(el);
      save(at, at.field, function () { return el.value; }, at.td);
    } else if (el.id === PICKER_ID && el.closest("td")) {
      var input = el.closest("td").querySelector("input");
      var spot = where(input);
      var chosen = el.value;
      save(spot, "state", function () { return chosen; }, spot.td);
      input.focus();
    }
  });

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (isCell(el)) {
      if (el.closest("tr").classList.contains("result-row")) {
        bringPicker(el);
        return;
      }
    }
    if (el.id !== PICKER_ID) parkPicker();
  });

  // A click on a state marker opens the list of states.
  document.addEventListener("click", function (event) {
    var el = event.target;
    if (el.tagName !== "SMALL" || !el.closest("table.sheet tr[data-plan]")) return;
    var input = el.closest("td").querySelector("input");
    input.focus();
    openPicker(input);
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (el.id === PICKER_ID) {
      // Back to the cell's text, keeping the state chosen so far.
      if (event.key === "Escape" || event.key === "Enter") {
        event.preventDefault();
        var td = el.closest("td");
        if (td) td.querySelector("input").focus();
      }
      return;
    }
    if (!isCell(el)) return;
    if (event.key === "Escape") {
      el.value = el.defaultValue;
      return;
    }
    if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      if (el.closest("tr").classList.contains("result-row")) {
        event.preventDefault();
        openPicker(el);
      }
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    // The same month in the next (or previous) row that has inputs: the
    // other row of the plan, or the next editable plan's.
    var at = where(el);
    var tr = at.tr;
    do {
      tr = event.shiftKey ? tr.previousElementSibling : tr.nextElementSibling;
    } while (tr && !tr.querySelector("input"));
    var target = tr && inputsOf(tr)[at.column];
    if (target) {
      target.focus();
      target.select();
    } else {
      el.blur();
      el.focus();
    }
  });
})();

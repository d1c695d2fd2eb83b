/*
 * The budget figures page (Appendix I and II) as a spreadsheet.
 *
 * - Live totals: money is summed as integer cents in BigInt, never as floating point, and shown
 *   in whole dollars rounded half away from zero, as budget.calculations.whole_dollars prints
 *   it. The server recomputes every total from the saved inputs; this is only a preview.
 * - Figures read formatted (1,191,251) and are typed raw: a cell shows its raw value while it
 *   has the focus; the raw values are what the form posts, so the server's MoneyField rules
 *   stay the only parser that counts.
 * - Enter moves down a column (Shift+Enter up); the arrow keys move between cells when the
 *   caret is at the edge of the text.
 * - A changed cell is marked (a class, and the text "changed" for screen readers) until saved,
 *   and leaving the page with unsaved changes asks first.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-budget-tables]");
  if (!form) {
    return;
  }
  var appendixOne = form.querySelector("[data-appendix-one]");
  var appendixTwo = form.querySelector("[data-appendix-two]");
  var THOUSANDS = form.dataset.thousands === undefined ? "," : form.dataset.thousands;
  var DECIMAL = form.dataset.decimal || ".";
  var CHANGED_TEXT = form.dataset.changedText || "changed";
  var AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;
  var CELLS = "input[data-money], input[data-months], textarea[data-name]";
  var submitting = false;

  /* What a cell holds as typed: formatted cells keep their raw text aside. */
  function rawValue(input) {
    return input.hasAttribute("data-raw") ? input.dataset.raw : input.value;
  }

  /* Text typed into a money cell as cents; blank counts as zero; null when not an amount. */
  function parseCents(text) {
    var cleaned = (text || "").replace(/[\s\u00a0\u202f]/g, "");
    if (cleaned === "") {
      return 0n;
    }
    var match = AMOUNT.exec(cleaned);
    if (!match) {
      return null;
    }
    var fraction = match[3] || "";
    if (/[1-9]/.test(fraction.slice(2))) {
      return null; // more than two decimals
    }
    var cents = BigInt(match[2]) * 100n + BigInt((fraction + "00").slice(0, 2));
    return match[1] === "-" ? -cents : cents;
  }

  /* Work typed as months (24) or years/months (2/00); a dash or blank is none. */
  function parseMonths(text) {
    var cleaned = (text || "").trim();
    if (cleaned === "" || cleaned === "-" || cleaned === "\u2013" || cleaned === "\u2014") {
      return 0;
    }
    var match = /^(\d{1,4})$/.exec(cleaned);
    if (match) {
      return Number(match[1]);
    }
    match = /^(\d{1,3})\/(\d{1,2})$/.exec(cleaned);
    if (match && Number(match[2]) < 12) {
      return Number(match[1]) * 12 + Number(match[2]);
    }
    return null;
  }

  /* Digits grouped by three with the language's separator, as the server's money filter. */
  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS);
  }

  function signed(negative, text) {
    return (negative ? "-" : "") + text;
  }

  /* A total in whole dollars. */
  function money(cents) {
    if (cents === null) {
      return "\u2026";
    }
    if (cents === 0n) {
      return "-";
    }
    var negative = cents < 0n;
    var whole = ((negative ? -cents : cents) + 50n) / 100n;
    return signed(negative && whole !== 0n, group(whole.toString()));
  }

  /* A typed figure for reading: grouped, with its cents when it has any. */
  function formatAmount(cents) {
    var negative = cents < 0n;
    var absolute = negative ? -cents : cents;
    var whole = group((absolute / 100n).toString());
    var rest = absolute % 100n;
    var text = rest === 0n ? whole : whole + DECIMAL + String(rest).padStart(2, "0");
    return signed(negative, text);
  }

  function workMonths(months) {
    if (months === null) {
      return "\u2026";
    }
    if (months === 0) {
      return "\u2013";
    }
    return Math.floor(months / 12) + "/" + String(months % 12).padStart(2, "0");
  }

  function add(a, b) {
    return a === null || b === null ? null : a + b;
  }

  var LIMIT = 10n ** 14n; // 10^12 dollars in cents, the server's limit

  /* Raw while typing, formatted while reading. */
  function showRaw(input) {
    if (input.hasAttribute("data-raw")) {
      input.value = input.dataset.raw;
      input.removeAttribute("data-raw");
    }
  }

  function showFormatted(input) {
    if (!input.matches("[data-money]")) {
      return;
    }
    var raw = rawValue(input);
    var cents = parseCents(raw);
    if (raw.trim() === "" || cents === null) {
      return; // blank or mistyped: shown as typed
    }
    input.dataset.raw = raw;
    input.value = formatAmount(cents);
  }

  /* Mark the cell being typed in; the server's own messages stay until the cell is changed. */
  function mark(input) {
    var invalid;
    if (input.matches("[data-months]")) {
      invalid = parseMonths(rawValue(input)) === null;
    } else if (input.matches("[data-money]")) {
      var cents = parseCents(rawValue(input));
      invalid = cents === null
        || cents >= LIMIT || cents <= -LIMIT
        || (cents < 0n && !input.hasAttribute("data-negative"));
    } else {
      return;
    }
    input.classList.toggle("is-invalid", invalid);
  }

  /* Changed since saved: compared as values, so 2462895 and 2462895.00 are the same. */
  function isChanged(input) {
    var saved = input.dataset.saved || "";
    var now = rawValue(input);
    if (input.matches("[data-money]")) {
      var a = parseCents(now);
      return a === null || a !== parseCents(saved);
    }
    if (input.matches("[data-months]")) {
      var m = parseMonths(now);
      return m === null || m !== parseMonths(saved);
    }
    return now.trim() !== saved.trim();
  }

  function markChanged(input) {
    if (!input.matches(CELLS) || !input.hasAttribute("data-saved")) {
      return;
    }
    var changed = isChanged(input);
    input.classList.toggle("figure-changed", changed);
    var noteId = input.id + "-changed";
    var note = document.getElementById(noteId);
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    described = described.filter(function (id) {
      return id !== noteId;
    });
    if (changed) {
      if (!note) {
        note = document.createElement("span");
        note.id = noteId;
        note.className = "visually-hidden";
        note.textContent = CHANGED_TEXT;
        input.insertAdjacentElement("afterend", note);
      }
      described.push(noteId);
    } else if (note) {
      note.remove();
    }
    if (described.length) {
      input.setAttribute("aria-describedby", described.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  function hasUnsavedChanges() {
    if (form.querySelector(".figure-changed")) {
      return true;
    }
    return Array.prototype.some.call(form.querySelectorAll("[data-remove]"), function (box) {
      return box.checked;
    });
  }

  /* Appendix I: total income, C = A + total income, E = C - D, for each editable column. */
  function cellValue(column, row) {
    var cell = appendixOne.querySelector(
      '[data-column="' + column + '"][data-row="' + row + '"]'
    );
    if (!cell) {
      return 0n;
    }
    var input = cell.querySelector("input");
    return parseCents(input ? rawValue(input) : cell.dataset.value);
  }

  function setDerived(column, row, cents) {
    var cell = appendixOne.querySelector(
      '[data-column="' + column + '"][data-derived="' + row + '"]'
    );
    if (cell) {
      cell.textContent = money(cents);
    }
  }

  function recomputeAppendixOne() {
    if (!appendixOne) {
      return;
    }
    var columns = new Set();
    appendixOne.querySelectorAll("td[data-column] input").forEach(function (input) {
      columns.add(input.closest("td").dataset.column);
    });
    columns.forEach(function (column) {
      var income = 0n;
      appendixOne.querySelectorAll('td[data-column="' + column + '"]').forEach(function (cell) {
        if (cell.dataset.row.indexOf("income_") === 0) {
          income = add(income, cellValue(column, cell.dataset.row));
        }
      });
      var available = add(cellValue(column, "brought_forward"), income);
      var expenditure = cellValue(column, "expenditure");
      setDerived(column, "total_income", income);
      setDerived(column, "funds_available", available);
      setDerived(column, "carried_forward", expenditure === null ? null : add(available, -expenditure));
    });
  }

  /* Appendix II: each row's total and the column totals, leaving out rows marked Remove. */
  function recomputeAppendixTwo() {
    if (!appendixTwo) {
      return null;
    }
    var totals = { professional: 0, general_service: 0, staff: 0n, non_staff: 0n };
    appendixTwo.querySelectorAll("[data-subprogramme-row]").forEach(function (row) {
      var value = function (field) {
        var input = row.querySelector('[data-field="' + field + '"]');
        return field === "staff" || field === "non_staff"
          ? parseCents(rawValue(input))
          : parseMonths(rawValue(input));
      };
      var staff = value("staff");
      var nonStaff = value("non_staff");
      var professional = value("professional");
      var generalService = value("general_service");
      row.querySelector("[data-row-total]").textContent = money(add(staff, nonStaff));
      var removed = row.querySelector("[data-remove]");
      row.classList.toggle("is-removed", Boolean(removed && removed.checked));
      if (removed && removed.checked) {
        return;
      }
      totals.staff = add(totals.staff, staff);
      totals.non_staff = add(totals.non_staff, nonStaff);
      totals.professional = professional === null || totals.professional === null
        ? null : totals.professional + professional;
      totals.general_service = generalService === null || totals.general_service === null
        ? null : totals.general_service + generalService;
    });
    var show = function (key, text) {
      var cell = appendixTwo.querySelector('[data-total="' + key + '"]');
      if (cell) {
        cell.textContent = text;
      }
    };
    var total = add(totals.staff, totals.non_staff);
    show("professional", workMonths(totals.professional));
    show("general_service", workMonths(totals.general_service));
    show("staff", money(totals.staff));
    show("non_staff", money(totals.non_staff));
    show("total", money(total));
    return total;
  }

  /* Appendix II should add up to line D of the proposed budget (the reconciliation checks it). */
  function checkLineD(appendixTwoTotal) {
    var warning = form.querySelector("[data-d-mismatch]");
    if (!warning || !appendixOne) {
      return;
    }
    var hasRows = appendixTwo && appendixTwo.querySelector("[data-subprogramme-row]");
    var lineD = cellValue("proposed", "expenditure");
    warning.hidden = !hasRows || appendixTwoTotal === null || lineD === null
      || appendixTwoTotal === 0n || appendixTwoTotal === lineD;
  }

  function recompute(event) {
    if (event && event.target && event.target.matches(CELLS)) {
      mark(event.target);
      markChanged(event.target);
    }
    recomputeAppendixOne();
    checkLineD(recomputeAppendixTwo());
  }

  /* Keyboard movement between the cells of one table. */
  function cellsOf(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tbody " + CELLS));
  }

  function columnOf(input) {
    return input.closest("td").cellIndex;
  }

  function neighbour(input, key, backwards) {
    var table = input.closest("table");
    var cells = cellsOf(table);
    var line;
    if (key === "ArrowLeft" || key === "ArrowRight") {
      var row = input.closest("tr");
      line = cells.filter(function (cell) {
        return cell.closest("tr") === row;
      });
    } else {
      var column = columnOf(input);
      line = cells.filter(function (cell) {
        return columnOf(cell) === column;
      });
    }
    var index = line.indexOf(input) + (backwards ? -1 : 1);
    return line[index] || null;
  }

  function atStart(input) {
    var all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    return all || input.selectionEnd === 0;
  }

  function atEnd(input) {
    var all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    return all || input.selectionStart === input.value.length;
  }

  /* A name box of several lines: Up and Down move the caret between its lines, and leave the
     box only from its first or last line, or at once with Ctrl or Alt. The lines are counted
     on a hidden copy of the box holding the text before the caret. */
  function heightOf(box, text) {
    var probe = box.cloneNode(false);
    ["id", "name", "aria-describedby", "aria-label", "data-name"].forEach(function (name) {
      probe.removeAttribute(name);
    });
    probe.setAttribute("aria-hidden", "true");
    probe.tabIndex = -1;
    probe.style.position = "absolute";
    probe.style.visibility = "hidden";
    probe.style.width = box.offsetWidth + "px";
    probe.style.height = "0";
    probe.style.minHeight = "0";
    probe.value = text;
    box.parentNode.appendChild(probe);
    var height = probe.scrollHeight;
    box.parentNode.removeChild(probe);
    return height;
  }

  function onFirstLine(box) {
    return heightOf(box, box.value.slice(0, box.selectionStart)) <= heightOf(box, "");
  }

  function onLastLine(box) {
    return heightOf(box, box.value.slice(0, box.selectionEnd)) >= heightOf(box, box.value);
  }

  function onKeydown(event) {
    var input = event.target;
    if (!input.matches || !input.matches(CELLS) || event.metaKey) {
      return;
    }
    var box = input.tagName === "TEXTAREA";
    var vertical = event.key === "ArrowUp" || event.key === "ArrowDown";
    var jump = event.altKey || event.ctrlKey;
    if (jump && !(box && vertical)) {
      return;
    }
    var target = null;
    switch (event.key) {
      case "Enter":
        event.preventDefault(); // Enter moves, as in a spreadsheet; the Save button saves
        target = neighbour(input, "ArrowDown", event.shiftKey);
        break;
      case "ArrowDown":
      case "ArrowUp":
        if (box && !jump && !(event.key === "ArrowUp" ? onFirstLine(input) : onLastLine(input))) {
          return; // the caret moves to the box's next line
        }
        target = neighbour(input, event.key, event.key === "ArrowUp");
        break;
      case "ArrowLeft":
        target = atStart(input) ? neighbour(input, event.key, true) : null;
        break;
      case "ArrowRight":
        target = atEnd(input) ? neighbour(input, event.key, false) : null;
        break;
      default:
        return;
    }
    if (target) {
      event.preventDefault();
      target.focus();
    }
  }

  /* A new row of Appendix II from the formset's empty form. */
  function addRow() {
    var template = form.querySelector("[data-subprogramme-template]");
    var totalForms = form.querySelector('input[name="sub-TOTAL_FORMS"]');
    var body = appendixTwo.querySelector("[data-subprogramme-rows]");
    if (!template || !totalForms || !body) {
      return;
    }
    var index = Number(totalForms.value);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    totalForms.value = String(index + 1);
    var rows = body.querySelectorAll("[data-subprogramme-row]");
    var first = rows[rows.length - 1].querySelector(CELLS);
    if (first) {
      first.focus();
    }
    recompute();
  }

  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  form.addEventListener("keydown", onKeydown);
  form.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-money]")) {
      showRaw(event.target);
      event.target.select();
    }
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("input[data-money]")) {
      showFormatted(event.target);
    }
  });
  form.addEventListener("submit", function () {
    submitting = true;
    form.querySelectorAll("input[data-raw]").forEach(showRaw); // post what was typed
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && hasUnsavedChanges()) {
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own "leave the page?" question
    }
  });
  var addButton = form.querySelector("[data-add-row]");
  if (addButton) {
    addButton.addEventListener("click", addRow);
  }
  /* A value the browser restored as it was shown (2,462,895) goes back to what it means. */
  function unformat(input) {
    if (parseCents(input.value) !== null) {
      return;
    }
    var plain = input.value.split(THOUSANDS).join("").replace(DECIMAL, ".");
    if (THOUSANDS && parseCents(plain) !== null) {
      input.value = plain;
    }
  }

  form.querySelectorAll("input[data-money]").forEach(function (input) {
    unformat(input);
    if (input !== document.activeElement) {
      showFormatted(input);
    }
  });
  form.querySelectorAll(CELLS).forEach(markChanged);
  recomputeAppendixOne();
  checkLineD(recomputeAppendixTwo());
})();

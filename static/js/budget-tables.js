/*
 * Live totals of the budget figures page (Appendix I and II).
 *
 * Money is summed as integer cents in BigInt, never as floating point, and shown in whole
 * dollars rounded half away from zero, as budget.calculations.whole_dollars prints it. The
 * server recomputes every total from the saved inputs; this is only a preview while typing.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-budget-tables]");
  if (!form) {
    return;
  }
  var appendixOne = form.querySelector("[data-appendix-one]");
  var appendixTwo = form.querySelector("[data-appendix-two]");
  var formatter = new Intl.NumberFormat(document.documentElement.lang || "en", {
    maximumFractionDigits: 0,
    useGrouping: true,
  });
  var AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

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

  function money(cents) {
    if (cents === null) {
      return "\u2026";
    }
    if (cents === 0n) {
      return "-";
    }
    var negative = cents < 0n;
    var whole = ((negative ? -cents : cents) + 50n) / 100n;
    return formatter.format(negative ? -whole : whole);
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

  /* Mark the cell being typed in; the server's own messages stay until the cell is changed. */
  function mark(input) {
    var invalid;
    if (input.matches("[data-months]")) {
      invalid = parseMonths(input.value) === null;
    } else {
      var cents = parseCents(input.value);
      invalid = cents === null
        || cents >= LIMIT || cents <= -LIMIT
        || (cents < 0n && !input.hasAttribute("data-negative"));
    }
    input.classList.toggle("is-invalid", invalid);
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
    return parseCents(input ? input.value : cell.dataset.value);
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
          ? parseCents(input.value)
          : parseMonths(input.value);
      };
      var staff = value("staff");
      var nonStaff = value("non_staff");
      var professional = value("professional");
      var generalService = value("general_service");
      row.querySelector("[data-row-total]").textContent = money(add(staff, nonStaff));
      var removed = row.querySelector("[data-remove]");
      row.classList.toggle("text-decoration-line-through", Boolean(removed && removed.checked));
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
    if (event && event.target && event.target.matches("[data-money], [data-months]")) {
      mark(event.target);
    }
    recomputeAppendixOne();
    checkLineD(recomputeAppendixTwo());
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
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    body.insertAdjacentHTML("beforeend", html);
    totalForms.value = String(index + 1);
    var rows = body.querySelectorAll("[data-subprogramme-row]");
    var first = rows[rows.length - 1].querySelector("input:not([type=hidden])");
    if (first) {
      first.focus();
    }
    recompute();
  }

  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  var addButton = form.querySelector("[data-add-row]");
  if (addButton) {
    addButton.addEventListener("click", addRow);
  }
  recomputeAppendixOne();
  checkLineD(recomputeAppendixTwo());
})();

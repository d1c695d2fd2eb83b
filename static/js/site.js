/*
 * Small behaviours every page shares, kept out of the HTML: the Content-Security-Policy
 * allows no inline scripts, on*="" attributes or style="" attributes.
 */
(function () {
  "use strict";

  // A select marked data-submit-on-change submits its form when changed (the language switch).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  });

  // A bar marked data-progress="37" is drawn 37 % wide, also after htmx swaps it in.
  function drawProgress(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Number(bar.dataset.progress) + "%";
    });
  }

  // A table wider than a phone scrolls inside its .table-responsive box; when nothing in it
  // takes the keyboard's focus, the box itself does, named after its table, so keyboard users
  // can scroll it too (WCAG 2.1.1).
  var counter = 0;
  function focusableScrollBoxes(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.querySelector("a[href], button, input, select, textarea, [tabindex]")) {
        return;
      }
      var table = box.querySelector("table");
      if (!table || box.hasAttribute("tabindex")) {
        return;
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var named = table.getAttribute("aria-labelledby");
      var caption = table.querySelector("caption");
      if (!named && caption) {
        caption.id = caption.id || "table-caption-" + ++counter;
        named = caption.id;
      }
      if (named) {
        box.setAttribute("aria-labelledby", named);
      } else if (table.getAttribute("aria-label")) {
        box.setAttribute("aria-label", table.getAttribute("aria-label"));
      }
    });
  }

  // A searchable picker (pickers.js, Tom Select) is a box one types in, labelled; the <select>
  // it keeps for the form is out of the tab order and hidden from assistive technology, so
  // the field is announced once, not as an unnamed list as well.
  function hidePickerSelects(root) {
    root.querySelectorAll("select.tomselected").forEach(function (select) {
      select.setAttribute("aria-hidden", "true");
      select.setAttribute("tabindex", "-1");
    });
  }

  function onLoad(root) {
    drawProgress(root);
    focusableScrollBoxes(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    hidePickerSelects(document); // after the deferred pickers.js has built its pickers
  });
  if (window.htmx) {
    window.htmx.onLoad(onLoad);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      onLoad(document);
    });
  }
})();

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

  if (window.htmx) {
    window.htmx.onLoad(drawProgress);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      drawProgress(document);
    });
  }
})();

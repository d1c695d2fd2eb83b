/*
 * Forms with an error summary (templates/includes/form_errors.html) and narratives in tabs.
 *
 * A link of the summary goes to its field; when the field is in a language tab that is not
 * shown, the tab is opened first. The summary takes the focus when the page loads, so a
 * keyboard or screen-reader user starts from the list of what to correct.
 */
(function () {
  "use strict";

  function showTabOf(element) {
    var pane = element.closest(".tab-pane");
    if (!pane || pane.classList.contains("active") || !window.bootstrap) {
      return;
    }
    var tab = document.querySelector('[data-bs-target="#' + pane.id + '"]');
    if (tab) {
      window.bootstrap.Tab.getOrCreateInstance(tab).show();
    }
  }

  /* The control a summary link means: the field itself, or the first one inside its group. */
  function controlOf(target) {
    if (target.matches("input, select, textarea, button")) {
      return target;
    }
    var invalid = target.querySelector(".is-invalid");
    return invalid || target.querySelector("input, select, textarea") || target;
  }

  document.querySelectorAll("[data-form-errors]").forEach(function (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      event.preventDefault();
      var control = controlOf(target);
      showTabOf(control);
      control.focus();
      control.scrollIntoView({ block: "center" });
    });
  });

  var first = document.querySelector("[data-form-errors]");
  if (first) {
    first.focus();
  }

  /* A narrative whose only error is in a hidden language opens on that language. */
  document.querySelectorAll("[data-narrative-tabs]").forEach(function (tabs) {
    var invalid = tabs.querySelector(".tab-pane .is-invalid");
    if (invalid) {
      showTabOf(invalid);
    }
  });
})();

/*
 * The paragraph editor's figure chips (templates/programme/includes/figure_controls.html).
 *
 * Without this script the editor works as served: each figure is a chip ⟦n⟧ in the text, a
 * row of controls per chip, and a picker whose button inserts at the end of the English text.
 * With it: a chip behaves as one character (arrows step over it, Backspace/Delete first select
 * it whole, a click inside it moves the cursor past it); a chip deleted from every language
 * ticks "Remove the figure" in its row (and typing it back unticks it); typing a value ticks
 * "Write another value"; the picker inserts where the cursor was, and after the insert the
 * cursor is put back just after the new chip.
 */
(function () {
  "use strict";

  var controls = document.querySelector(".figure-controls");
  var form = controls && controls.closest("form");
  if (!form) {
    return;
  }
  var CHIP = /⟦\d+⟧/g;
  var areas = Array.prototype.slice.call(form.querySelectorAll('textarea[name^="text_"]'));
  var insertLanguage = form.querySelector("[data-insert-language]");
  var insertAt = form.querySelector("[data-insert-at]");

  /* The [start, end) of the chip for which `test(start, end)` holds, if any. */
  function chipWhere(text, test) {
    CHIP.lastIndex = 0;
    var match;
    while ((match = CHIP.exec(text)) !== null) {
      var start = match.index;
      var end = start + match[0].length;
      if (test(start, end)) {
        return [start, end];
      }
    }
    return null;
  }

  function remember(area) {
    insertLanguage.value = area.name.slice("text_".length);
    insertAt.value = String(area.selectionEnd);
  }

  function snapOutOfChip(area) {
    if (area.selectionStart !== area.selectionEnd) {
      return;
    }
    var position = area.selectionStart;
    var inside = chipWhere(area.value, function (start, end) {
      return start < position && position < end;
    });
    if (inside) {
      area.setSelectionRange(inside[1], inside[1]);
    }
  }

  function onKeyDown(event) {
    var area = event.target;
    if (area.selectionStart !== area.selectionEnd || event.shiftKey || event.altKey) {
      return;
    }
    var position = area.selectionStart;
    var text = area.value;
    var ending = chipWhere(text, function (start, end) {
      return end === position;
    });
    var starting = chipWhere(text, function (start) {
      return start === position;
    });
    if (event.key === "Backspace" && ending) {
      event.preventDefault();
      area.setSelectionRange(ending[0], ending[1]); // a second Backspace deletes it
    } else if (event.key === "Delete" && starting) {
      event.preventDefault();
      area.setSelectionRange(starting[0], starting[1]);
    } else if (event.key === "ArrowLeft" && ending) {
      event.preventDefault();
      area.setSelectionRange(ending[0], ending[0]);
    } else if (event.key === "ArrowRight" && starting) {
      event.preventDefault();
      area.setSelectionRange(starting[1], starting[1]);
    }
  }

  function radio(row, value) {
    return row.querySelector('input[type="radio"][value="' + value + '"]');
  }

  /* A chip gone from every text is removed on purpose; one typed back is kept again. */
  function syncRemovals() {
    var texts = areas.map(function (area) {
      return area.value;
    });
    form.querySelectorAll("[data-figure-chip]").forEach(function (row) {
      var mark = "⟦" + row.getAttribute("data-figure-chip") + "⟧";
      var present = texts.some(function (text) {
        return text.indexOf(mark) !== -1;
      });
      var keep = radio(row, "keep");
      var remove = radio(row, "remove");
      if (!present && keep && keep.checked && remove) {
        remove.checked = true;
        row.setAttribute("data-removed-by-editor", "");
      } else if (present && row.hasAttribute("data-removed-by-editor") && remove.checked) {
        keep.checked = true;
        row.removeAttribute("data-removed-by-editor");
      }
    });
  }

  areas.forEach(function (area) {
    area.addEventListener("keydown", onKeyDown);
    ["click", "keyup", "select", "focus"].forEach(function (name) {
      area.addEventListener(name, function () {
        snapOutOfChip(area);
        remember(area);
      });
    });
    area.addEventListener("input", function () {
      remember(area);
      syncRemovals();
    });
  });

  /* Typing a value chooses "Write another value" for that figure. */
  form.querySelectorAll("[data-figure-chip]").forEach(function (row) {
    var other = radio(row, "other");
    var value = row.querySelector('input[type="text"]');
    if (other && value) {
      value.addEventListener("input", function () {
        if (value.value.trim()) {
          other.checked = true;
        }
      });
    }
  });

  /* After an insert: the text where the chip went, the cursor just after it. */
  var inserted = form.querySelector("[data-inserted-language]");
  if (inserted) {
    var language = inserted.getAttribute("data-inserted-language");
    var area = form.querySelector('textarea[name="text_' + language + '"]');
    var position = parseInt(inserted.getAttribute("data-inserted-at"), 10);
    if (area) {
      var pane = area.closest(".tab-pane");
      var tab = pane && document.querySelector('[data-bs-target="#' + pane.id + '"]');
      if (tab && window.bootstrap) {
        window.bootstrap.Tab.getOrCreateInstance(tab).show();
      }
      area.focus();
      area.setSelectionRange(position, position);
    }
  }
})();

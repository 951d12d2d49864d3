// Drag-and-drop (and up/down buttons) for admin inlines that have an "order" field.
// Moving a row renumbers the order inputs 10, 20, 30 in page order; the server renumbers again
// on save, so the page works the same without this script (type the numbers instead).
(function () {
  "use strict";

  const GAP = 10;

  function orderInput(row) {
    return row.querySelector('input[name$="-order"]');
  }

  function isReal(row) {
    // Blank "add another" rows must stay untouched, or Django would validate them as new rows.
    if (row.classList.contains("has_original")) return true;
    return Array.from(row.querySelectorAll("textarea, input[type=text], input[type=url]"))
      .some((el) => el.value.trim() !== "");
  }

  function rowsOf(group) {
    const selector = group.dataset.inlineType === "tabular" ? "tr.form-row" : ".inline-related";
    return Array.from(group.querySelectorAll(selector)).filter(
      (row) => !row.classList.contains("empty-form") && orderInput(row)
    );
  }

  function renumber(group) {
    let position = 0;
    rowsOf(group).forEach((row) => {
      if (!isReal(row)) return;
      position += 1;
      orderInput(row).value = String(position * GAP);
    });
  }

  function move(group, row, offset) {
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    const target = rows[index + offset];
    if (!target) return;
    if (offset < 0) target.before(row);
    else target.after(row);
    renumber(group);
  }

  function button(label, title, onClick) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = "kb-reorder-button";
    el.textContent = label;
    el.title = title;
    el.setAttribute("aria-label", title);
    el.addEventListener("click", onClick);
    return el;
  }

  function enhance(group, row) {
    if (row.dataset.kbReorder) return;
    row.dataset.kbReorder = "1";
    const input = orderInput(row);
    const tools = document.createElement("span");
    tools.className = "kb-reorder-tools";
    const handle = document.createElement("span");
    handle.className = "kb-drag-handle";
    handle.textContent = "⇅";
    handle.title = "Drag to reorder";
    // Only the handle is draggable, so selecting text in the row's fields still works.
    handle.draggable = true;
    tools.append(
      handle,
      button("▲", "Move up", () => move(group, row, -1)),
      button("▼", "Move down", () => move(group, row, 1))
    );
    input.after(tools);

    handle.addEventListener("dragstart", (event) => {
      group.kbDragging = row;
      row.classList.add("kb-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id || "row");
      event.dataTransfer.setDragImage(row, 0, 0);
    });
    handle.addEventListener("dragend", () => {
      row.classList.remove("kb-dragging");
      group.kbDragging = null;
      renumber(group);
    });
    row.addEventListener("dragover", (event) => {
      const dragged = group.kbDragging;
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged);
      else row.after(dragged);
    });
    row.addEventListener("drop", (event) => {
      event.preventDefault();
      renumber(group);
    });
  }

  function setUp(group) {
    rowsOf(group).forEach((row) => enhance(group, row));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".js-inline-admin-formset").forEach(setUp);
  });
  document.addEventListener("formset:added", (event) => {
    const group = event.target.closest(".js-inline-admin-formset");
    if (group) setUp(group);
  });
})();

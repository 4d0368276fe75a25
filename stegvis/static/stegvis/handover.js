// Mina and Alla: choosing a name in the arrow menu opens the green confirmation at the bottom
// right at once, instead of a new page. Without this script the menu's "Choose" button opens
// the confirmation page (same result). Keyboard users browsing the closed list with the arrow
// keys are not interrupted at every name (WCAG 3.2.2): Enter or "Choose" confirms their choice.
(function () {
  "use strict";
  const panel = document.getElementById("practitioner-confirm");
  if (!panel) return;
  const heading = panel.querySelector("h2");
  const text = document.getElementById("practitioner-confirm-text");
  const form = panel.querySelector("form");
  const input = form.querySelector("input[name=practitioner]");
  let returnFocus = null;

  let openMenu = null;
  const BROWSING_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function close() {
    panel.hidden = true;
    // Back to the responsible practitioner, so choosing the same name again opens it again.
    const select = openMenu ? openMenu.querySelector("select[name=practitioner]") : null;
    if (select && openMenu.dataset.current) select.value = openMenu.dataset.current;
    openMenu = null;
    if (returnFocus) returnFocus.focus();
    returnFocus = null;
  }

  function open(menuForm, practitionerId, name) {
    openMenu = menuForm;
    const details = menuForm.closest("details");
    returnFocus = details ? details.querySelector("summary") : null;
    if (details) details.open = false;
    form.action = menuForm.dataset.confirmAction;
    input.value = practitionerId;
    text.textContent = text.dataset.template
      .replace("{name}", name)
      .replace("{citizen}", menuForm.dataset.citizen);
    panel.hidden = false;
    heading.focus();
  }

  document.querySelectorAll("[data-practitioner-menu] form").forEach(function (menuForm) {
    menuForm.addEventListener("submit", function (event) {
      const submitter = event.submitter;
      let id, name;
      if (submitter && submitter.name === "practitioner") {
        id = submitter.value;
        name = submitter.dataset.name;
      } else {
        const select = menuForm.querySelector("select[name=practitioner]");
        id = select.value;
        name = select.options[select.selectedIndex].text;
      }
      if (!id) return;
      event.preventDefault();
      open(menuForm, id, name);
    });
    const select = menuForm.querySelector("select[name=practitioner]");
    if (!select) return;
    let browsing = false;
    select.addEventListener("keydown", function (event) {
      browsing = !event.altKey && (BROWSING_KEYS.includes(event.key) || event.key.length === 1);
      if (event.key === "Enter") {
        event.preventDefault();
        menuForm.requestSubmit();
      }
    });
    select.addEventListener("pointerdown", function () {
      browsing = false;
    });
    select.addEventListener("change", function () {
      const id = select.value;
      if (browsing || !id || id === menuForm.dataset.current) return;
      open(menuForm, id, select.options[select.selectedIndex].text);
    });
  });
  panel.querySelector("[data-cancel]").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();

// Alla: the arrow menu's choice opens the green confirmation at the bottom right instead of a
// new page. Without this script the menu's form opens the confirmation page (same result).
(function () {
  "use strict";
  const panel = document.getElementById("practitioner-confirm");
  if (!panel) return;
  const heading = panel.querySelector("h2");
  const text = document.getElementById("practitioner-confirm-text");
  const form = panel.querySelector("form");
  const input = form.querySelector("input[name=practitioner]");
  let returnFocus = null;

  function close() {
    panel.hidden = true;
    if (returnFocus) returnFocus.focus();
    returnFocus = null;
  }

  function open(menuForm, practitionerId, name) {
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
  });
  panel.querySelector("[data-cancel]").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();

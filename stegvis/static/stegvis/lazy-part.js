// A section that fills itself after the page has loaded: the usage statistics' period, whose
// figures take seconds at a large provider while the current ones take well under one. The
// section holds a link to the same figures as a page of their own, which is what a browser
// without JavaScript uses. The part is HTML from this server, escaped by Django's templates.
(function () {
  "use strict";
  document.querySelectorAll("section[data-part]").forEach(function (section) {
    const link = section.querySelector("[data-part-link]");
    const loading = section.querySelector("[data-part-loading]");
    const failed = section.querySelector("[data-part-failed]");
    section.setAttribute("aria-busy", "true");
    if (loading) loading.hidden = false;
    if (link) link.parentElement.hidden = true;

    function fail() {
      section.setAttribute("aria-busy", "false");
      if (loading) loading.hidden = true;
      if (link) link.parentElement.hidden = false;
      if (failed) failed.hidden = false;
    }

    fetch(section.dataset.part, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        // A redirect means the session ended (the sign-in page): keep the link instead.
        if (response.redirected || (response.status !== 200 && response.status !== 400)) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        section.innerHTML = html;
        section.setAttribute("aria-busy", "false");
      })
      .catch(fail);
  });
})();

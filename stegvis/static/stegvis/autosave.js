/*
 * Autosave for a step's answers (progressive enhancement: the form works without this file).
 *
 * A form with data-autosave-url is saved as the citizen types (debounced) and when they leave
 * a field: its own fields are posted to the autosave endpoint, which keeps them as a draft and
 * answers in JSON. The status is announced in the form's aria-live region. A copy is also kept
 * in this browser's localStorage, so a lost connection loses nothing: on reload, a copy newer
 * than the server's (data-saved-at, in ms) is put back into the form and saved again.
 */
(function () {
  "use strict";

  var DELAY = 1200;
  var lang = (document.documentElement.lang || "sv").slice(0, 2);
  var TEXT = {
    sv: {
      saving: "Sparar …",
      saved: "Sparat",
      offline: "Inte sparat på servern ännu – dina svar finns kvar i webbläsaren och sparas när du är ansluten igen.",
      restored: "Dina senaste osparade svar har lagts tillbaka.",
      refused: "Kunde inte spara.",
    },
    en: {
      saving: "Saving …",
      saved: "Saved",
      offline: "Not saved on the server yet – your answers are kept in this browser and saved when you are connected again.",
      restored: "Your latest unsaved answers have been put back.",
      refused: "Could not save.",
    },
  };
  var t = TEXT[lang] || TEXT.sv;

  function storageKey(form) {
    return "stegvis:autosave:" + form.getAttribute("data-autosave-url");
  }

  function fieldsOf(form) {
    // Only the form's own answer fields: not the CSRF token, not the buttons.
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.type === "submit") {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        if (!(el.name in data)) data[el.name] = [];
        if (el.checked) data[el.name].push(el.value);
      } else {
        data[el.name] = [el.value];
      }
    });
    return data;
  }

  function restore(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.disabled) return;
      var values = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.type !== "submit" && el.name !== "csrfmiddlewaretoken") {
        el.value = values[0] || "";
      }
    });
  }

  // Show the questionnaire items whose conditions hold with the answers just saved.
  function showItems(form, shown) {
    Object.keys(shown).forEach(function (block) {
      var section = document.getElementById(block);
      if (!section) return;
      section.querySelectorAll("[data-q]").forEach(function (item) {
        item.hidden = shown[block].indexOf(item.getAttribute("data-q")) === -1;
      });
    });
  }

  function remember(form, at) {
    try {
      localStorage.setItem(storageKey(form), JSON.stringify({ at: at, data: fieldsOf(form) }));
    } catch (e) {
      /* storage full or disabled: the server copy still works */
    }
  }

  function forget(form) {
    try {
      localStorage.removeItem(storageKey(form));
    } catch (e) {
      /* ignore */
    }
  }

  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[aria-live]");
    var timer = null;
    var inFlight = false;
    var again = false;
    var dirty = false;

    function say(text) {
      if (status) status.textContent = text;
    }

    function save() {
      timer = null;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      dirty = false;
      say(t.saving);
      var body = new FormData(form);
      body.delete("action");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (json) {
            return { ok: response.ok, json: json };
          });
        })
        .then(function (result) {
          if (result.ok && result.json.saved) {
            say(result.json.message || t.saved);
            showItems(form, result.json.shown || {});
            if (!dirty) forget(form);
          } else {
            say((result.json && result.json.message) || t.refused);
          }
        })
        .catch(function () {
          say(t.offline);
        })
        .then(function () {
          inFlight = false;
          if (again) {
            again = false;
            save();
          }
        });
    }

    function changed(event) {
      dirty = true;
      remember(form, Date.now());
      if (timer) clearTimeout(timer);
      // A choice may show or hide follow-up questions: save it at once.
      var choice = event && event.target && (event.target.type === "radio" || event.target.type === "checkbox");
      timer = setTimeout(save, choice ? 150 : DELAY);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      // The normal submit saves everything; the local copy stays until the server has it.
      if (timer) clearTimeout(timer);
    });
    window.addEventListener("online", function () {
      if (dirty) save();
    });

    var serverAt = parseInt(form.getAttribute("data-saved-at") || "0", 10);
    var stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(storageKey(form)) || "null");
    } catch (e) {
      stored = null;
    }
    if (stored && stored.data && JSON.stringify(stored.data) === JSON.stringify(fieldsOf(form))) {
      forget(form); // the server has exactly this already
    } else if (stored && stored.data && stored.at > serverAt) {
      restore(form, stored.data);
      say(t.restored);
      dirty = true;
      save();
    } else if (stored) {
      forget(form);
    }
  }

  document.querySelectorAll("form[data-autosave-url]").forEach(setup);
})();

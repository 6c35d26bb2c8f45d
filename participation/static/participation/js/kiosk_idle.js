// A kiosk signs out a person who walked away. The server ends the session after the idle time
// whatever the browser does (participation.kiosk.middleware); this script also clears the
// screen, and first warns, so that someone still there can ask for more time (WCAG 2.2.1):
// a timed refresh would clear the screen without JavaScript but cannot warn.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var data = script.dataset;
  var idleMs = Number(data.idleSeconds) * 1000;
  var warnMs = Number(data.warnSeconds) * 1000;
  var lastActivity = Date.now();
  var lastPing = Date.now();
  var banner = null;

  function ping() {
    // Any request made by the kiosk renews the session on the server.
    lastPing = Date.now();
    fetch(data.stillHereUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": data.csrf } });
  }

  function hideWarning() {
    if (banner) {
      banner.remove();
      banner = null;
    }
  }

  function showWarning() {
    if (banner) return;
    banner = document.createElement("div");
    banner.className = "kiosk-idle-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-live", "assertive");
    banner.setAttribute("aria-labelledby", "kiosk-idle-text");
    var text = document.createElement("p");
    text.id = "kiosk-idle-text";
    text.textContent = data.warning;
    var stay = document.createElement("button");
    stay.type = "button";
    stay.textContent = data.stay;
    stay.addEventListener("click", function () {
      activity();
      ping();
    });
    banner.appendChild(text);
    banner.appendChild(stay);
    document.body.appendChild(banner);
    stay.focus();
  }

  function activity() {
    lastActivity = Date.now();
    hideWarning();
    // Typing a long question makes no request: renew the server's session while the person is busy.
    if (Date.now() - lastPing > idleMs / 3) ping();
  }

  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });

  setInterval(function () {
    var idle = Date.now() - lastActivity;
    if (idle >= idleMs) {
      window.location.replace(data.signedOutUrl);
    } else if (idle >= idleMs - warnMs) {
      showWarning();
    }
  }, 1000);
})();

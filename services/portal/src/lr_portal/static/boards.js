/* Board pages, progressive enhancement (docs/boards.md): upload progress; a delivery's page
   follows it to the end (the status line is a polite live region). */
(function () {
  "use strict";
  var d = document;
  function show(x) {
    if (x.status === 200 && x.responseURL && x.responseURL !== location.href) {
      return location.assign(x.responseURL);
    }
    var doc = new DOMParser().parseFromString(x.responseText, "text/html");
    d.title = doc.title;
    d.body.replaceWith(doc.body);
    (d.getElementById("foutoverzicht") || d.getElementById("inhoud")).focus();
  }
  function upload(form) {
    var box = form.querySelector("[data-progress]"), bar = box.querySelector("progress"),
      text = box.querySelector("[data-progress-text]"), input = form.querySelector("[type=file]"),
      button = form.querySelector("[type=submit]");
    form.addEventListener("submit", function (e) {
      var file = input.files && input.files[0], x = new XMLHttpRequest(), said = -25;
      if (!file || !window.FormData) return; // the portal says what is missing
      e.preventDefault();
      box.hidden = false;
      if (file.size > Number(form.dataset.maxBytes)) {
        text.textContent = text.dataset.tooLarge;
        return input.focus();
      }
      button.disabled = true;
      x.upload.onprogress = function (p) {
        var n = p.lengthComputable ? Math.floor((p.loaded * 100) / p.total) : 0;
        bar.value = n;
        if (n >= said + 25) { // a live region: not every tick
          said = n;
          text.textContent = n === 100 ? text.dataset.done : text.dataset.template.replace("{percent}", n);
        }
      };
      x.onload = function () { show(x); };
      x.onerror = function () { text.textContent = text.dataset.failed; button.disabled = false; };
      x.open("POST", form.action);
      x.send(new FormData(form));
    });
  }
  function follow(region, wait) {
    setTimeout(function () {
      fetch(region.dataset.follow, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html"),
            fresh = doc.getElementById("levering-gegevens"), line = doc.getElementById("status-bericht"),
            status = d.getElementById("status-bericht");
          if (!fresh || !line) return;
          if (status.textContent !== line.textContent) status.textContent = line.textContent;
          region.replaceWith(fresh);
          if (fresh.dataset.follow) follow(fresh, Math.min(wait * 1.5, 10000));
        })
        .catch(function () { follow(region, 10000); });
    }, wait);
  }
  d.querySelectorAll("form[data-upload]").forEach(upload);
  var region = d.querySelector("[data-follow]");
  if (region) follow(region, 2000);
})();

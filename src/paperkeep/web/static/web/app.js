/* Paperkeep web UI: progressive enhancement only; every page works without this file. */
(function () {
  "use strict";
  var doc = document, body = doc.body;
  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function csrf() { var m = $('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Theme: the toggle flips the effective theme and remembers the choice. */
  var toggle = $("#theme-toggle");
  if (toggle) toggle.addEventListener("click", function () {
    var root = doc.documentElement, current = root.dataset.theme ||
      (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
    root.dataset.theme = current === "dark" ? "light" : "dark";
    try { localStorage.setItem("paperkeep-theme", root.dataset.theme); } catch (e) { /* private mode */ }
  });

  /* Destructive actions ask first. */
  $all("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  $all("[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () { input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit(); });
  });
  $all("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; });
    });
  });

  /* Logs: newest lines at the bottom stay in view; with "refresh" the page reloads every few seconds. */
  var log = $("pre.log");
  if (log) {
    log.scrollTop = log.scrollHeight;
    var every = parseInt(log.getAttribute("data-refresh") || "0", 10);
    if (every > 0) window.setTimeout(function () { window.location.reload(); }, every * 1000);
  }

  /* Multiple choice lists become a filterable list of checkboxes (the hidden select stays what is posted). */
  $all("select[multiple]").forEach(function (select) {
    var label = doc.querySelector('label[for="' + select.id + '"]'), name = label ? label.textContent.trim() : "options";
    var box = el("div", { "class": "multi", role: "group", "aria-label": name });
    var filter = el("input", { type: "search", placeholder: "Filter…", "aria-label": "Filter " + name, "class": "multi-filter" });
    var list = el("div", { "class": "multi-options" });
    $all("option", select).forEach(function (option) {
      var row = el("label", { "class": "inline multi-option" }), tick = el("input", { type: "checkbox", value: option.value });
      tick.checked = option.selected;
      tick.addEventListener("change", function () { option.selected = tick.checked; select.dispatchEvent(new Event("change")); });
      option._tick = tick;
      row.appendChild(tick); row.appendChild(doc.createTextNode(" " + option.textContent));
      list.appendChild(row);
    });
    filter.addEventListener("input", function () {
      var wanted = filter.value.toLowerCase();
      $all(".multi-option", list).forEach(function (row) { row.hidden = row.textContent.toLowerCase().indexOf(wanted) < 0; });
    });
    select.addEventListener("change", function () { $all("option", select).forEach(function (o) { if (o._tick) o._tick.checked = o.selected; }); });
    if (select.options.length > 8) box.appendChild(filter);
    box.appendChild(list);
    select.hidden = true;
    select.parentNode.insertBefore(box, select.nextSibling);
    var first = select.options.length > 8 ? filter : list.querySelector("input");
    if (label && first) { first.id = select.id + "-pick"; label.setAttribute("for", first.id); }
  });

  /* Suggestions: a click puts the suggested value into its field. */
  $all("button[data-suggest-for]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = doc.getElementById(button.getAttribute("data-suggest-for")), value = button.getAttribute("data-value");
      if (!field) return;
      if (field.tagName === "SELECT") {
        $all("option", field).forEach(function (o) { if (o.value === value) o.selected = true; });
      } else { field.value = value; }
      field.dispatchEvent(new Event("change"));
      button.disabled = true;
    });
  });

  /* Autocomplete for the search boxes, through a datalist filled as you type. */
  $all("input[data-autocomplete]").forEach(function (input) {
    var list = el("datalist", { id: input.id + "-suggestions" }), timer = null;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var words = input.value.split(/\s+/), last = words.pop();
      if (!last || last.length < 2 || last.indexOf(":") >= 0) return;
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-autocomplete") + "?term=" + encodeURIComponent(last), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            list.textContent = "";
            found.forEach(function (word) { list.appendChild(el("option", { value: words.concat([word]).join(" ") })); });
          }).catch(function () { /* offline: no suggestions */ });
      }, 180);
    });
  });

  /* Documents page: selection count, select page, select every match. */
  var bulk = $("#bulk-form");
  if (bulk) {
    var bar = $("#bulkbar"), count = $("#selected-count"), allInput = $("#select-all-matching"), pageBox = $("#select-page");
    var boxes = function () { return $all('input[name="documents"]', bulk.ownerDocument); };
    var update = function () {
      var chosen = boxes().filter(function (b) { return b.checked; }).length;
      var everything = allInput && allInput.value === "1";
      count.textContent = everything ? bar.getAttribute("data-total") + " (all matching)" : String(chosen);
      bar.hidden = !everything && chosen === 0;
    };
    doc.addEventListener("change", function (event) {
      if (event.target.name === "documents") { if (allInput) allInput.value = ""; update(); }
    });
    if (pageBox) pageBox.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = pageBox.checked; });
      if (allInput) allInput.value = "";
      update();
    });
    var everyButton = $("#select-every");
    if (everyButton) everyButton.addEventListener("click", function () {
      boxes().forEach(function (b) { b.checked = true; });
      allInput.value = "1";
      update();
    });
    var clear = $("#clear-selection");
    if (clear) clear.addEventListener("click", function () {
      boxes().forEach(function (b) { b.checked = false; });
      if (pageBox) pageBox.checked = false;
      if (allInput) allInput.value = "";
      update();
    });
    update();
  }

  /* Upload: drop files anywhere (or pick them), a progress bar per file, then the task's outcome. */
  var uploadUrl = body.getAttribute("data-upload-url"), statusUrl = body.getAttribute("data-status-url");
  if (!uploadUrl) return;
  var panel = $("#uploads"), list = $("#upload-list"), overlay = $("#drop-overlay"), pending = {}, polling = null, depth = 0;
  $("#uploads-close").addEventListener("click", function () { panel.hidden = true; });

  function hasFiles(event) { return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0; }
  window.addEventListener("dragenter", function (e) { if (hasFiles(e)) { depth++; overlay.hidden = false; } });
  window.addEventListener("dragleave", function (e) { if (hasFiles(e) && --depth <= 0) { depth = 0; overlay.hidden = true; } });
  window.addEventListener("dragover", function (e) { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener("drop", function (e) {
    if (!hasFiles(e)) return;
    e.preventDefault(); depth = 0; overlay.hidden = true;
    Array.prototype.forEach.call(e.dataTransfer.files, upload);
  });
  $all("input[type=file][data-upload]").forEach(function (input) {
    input.addEventListener("change", function () { Array.prototype.forEach.call(input.files, upload); input.value = ""; });
  });

  function upload(file) {
    panel.hidden = false;
    var item = el("li", { "class": "upload-item" }), bar = el("progress", { max: "100", value: "0" });
    var state = el("div", { "class": "muted upload-state" }, "Uploading…");
    bar.setAttribute("aria-label", "Upload of " + file.name);
    item.appendChild(el("strong", {}, file.name)); item.appendChild(bar); item.appendChild(state);
    list.insertBefore(item, list.firstChild);
    var form = new FormData(); form.append("document", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); state.textContent = "Uploading " + bar.value + "%"; }
    });
    xhr.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 200 && answer.task_id) {
        bar.value = 0; state.textContent = "Processing…"; item.setAttribute("data-task-id", answer.task_id);
        pending[answer.task_id] = { item: item, bar: bar, state: state };
        poll();
      } else { fail(item, bar, state, answer.error || ("Upload failed (" + xhr.status + ")")); }
    });
    xhr.addEventListener("error", function () { fail(item, bar, state, "Upload failed: the server could not be reached."); });
    xhr.send(form);
  }

  function fail(item, bar, state, reason) {
    bar.remove(); item.classList.add("status-failure"); state.textContent = reason; state.className = "upload-state status-failure";
  }

  function poll() {
    if (polling) return;
    polling = setInterval(function () {
      var ids = Object.keys(pending);
      if (!ids.length) { clearInterval(polling); polling = null; return; }
      fetch(statusUrl + "?" + ids.map(function (i) { return "task_id=" + encodeURIComponent(i); }).join("&"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) { answer.tasks.forEach(show); })
        .catch(function () { /* try again next tick */ });
    }, 1000);
  }

  function show(task) {
    var entry = pending[task.task_id];
    if (!entry) return;
    if (task.status === "success") {
      delete pending[task.task_id];
      entry.bar.remove(); entry.state.textContent = "";
      entry.state.className = "upload-state status-success";
      if (task.document_url) {
        entry.state.appendChild(doc.createTextNode("Done: "));
        entry.state.appendChild(el("a", { href: task.document_url, "class": "upload-document" }, task.document_title || "open the document"));
      } else { entry.state.textContent = "Done."; }
    } else if (task.status === "failure" || task.status === "revoked") {
      delete pending[task.task_id];
      fail(entry.item, entry.bar, entry.state, task.reason || "Processing failed.");
    } else {
      entry.bar.value = task.progress || 0;
      entry.state.textContent = task.status === "pending" ? "Waiting for the worker…" : "Processing " + (task.progress || 0) + "%";
    }
  }
})();

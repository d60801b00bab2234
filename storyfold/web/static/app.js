/* storyfold: citation highlighting and upload progress. No framework, no network beyond this origin.
   Offsets are Python code-point offsets into the article's cleaned text, so text is split with Array.from
   (code points), never with String indices (UTF-16 units). Article text is only ever set as textContent. */
(function () {
  "use strict";

  function sourceText(story, articleId) {
    var panels = story.querySelectorAll(".source-text");
    for (var i = 0; i < panels.length; i++) {
      if (panels[i].getAttribute("data-article") === articleId) { return panels[i]; }
    }
    return null;
  }

  function passageSpans(button, length) {
    /* Every cited piece as [start, end], in order and not overlapping: data-spans ("s-e,s-e") when one
       article's passage comes in pieces, else data-start/data-end.  Out-of-range pieces are dropped. */
    var raw = button.getAttribute("data-spans") ||
      (button.getAttribute("data-start") + "-" + button.getAttribute("data-end"));
    var spans = [];
    raw.split(",").forEach(function (piece) {
      var bounds = piece.split("-");
      var start = parseInt(bounds[0], 10), end = parseInt(bounds[1], 10);
      var last = spans.length ? spans[spans.length - 1][1] : 0;
      if (start >= last && end > start && end <= length) { spans.push([start, end]); }
    });
    return spans;
  }

  function showPassage(button) {
    var story = button.closest(".story");
    if (!story) { return; }
    var panel = sourceText(story, button.getAttribute("data-article"));
    var viewer = story.querySelector(".passage-viewer");
    if (!panel || !viewer) { return; }
    var chars = Array.from(panel.textContent);
    var spans = passageSpans(button, chars.length);
    if (!spans.length) { return; }
    var heading = document.createElement("p");
    heading.className = "passage-source";
    heading.textContent = panel.getAttribute("data-label") || "";
    var body = document.createElement("div");
    body.className = "passage-text";
    var done = 0, first = null;
    spans.forEach(function (span) {
      body.appendChild(document.createTextNode(chars.slice(done, span[0]).join("")));
      var mark = document.createElement("mark");
      mark.className = "passage";
      mark.textContent = chars.slice(span[0], span[1]).join("");
      body.appendChild(mark);
      first = first || mark;
      done = span[1];
    });
    body.appendChild(document.createTextNode(chars.slice(done).join("")));
    viewer.replaceChildren(heading, body);
    var active = document.querySelectorAll(".cite.active");
    for (var i = 0; i < active.length; i++) { active[i].classList.remove("active"); }
    button.classList.add("active");
    body.scrollTop = Math.max(0, first.offsetTop - body.offsetTop - 40);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cite") : null;
    if (button) { showPassage(button); }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("button.cite")) { showPassage(event.target); }
  });

  function resultRow(file) {
    var row = document.createElement("tr");
    var cells = [file.name || file.source || "", file.status || "", file.message || ""];
    for (var i = 0; i < cells.length; i++) {
      var cell = document.createElement("td");
      cell.textContent = cells[i];
      row.appendChild(cell);
    }
    if (file.story) {
      var link = document.createElement("a");
      link.href = "/stories/" + encodeURIComponent(file.story);
      link.textContent = "its story";
      var cell = document.createElement("td");
      cell.appendChild(link);
      row.appendChild(cell);
    }
    return row;
  }

  var form = document.getElementById("upload-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var progress = document.getElementById("upload-progress");
      var results = document.getElementById("upload-results");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable && progress) { progress.value = e.loaded / e.total; } };
      xhr.onload = function () {
        var data;
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = {files: [], error: "unreadable response"}; }
        results.replaceChildren();
        if (data.error || data.detail) {
          var p = document.createElement("tr");
          var td = document.createElement("td");
          td.textContent = String(data.error || data.detail);
          p.appendChild(td);
          results.appendChild(p);
        }
        (data.files || []).forEach(function (f) { results.appendChild(resultRow(f)); });
        if (progress) { progress.value = 1; }
        form.setAttribute("data-done", "1");
      };
      xhr.send(new FormData(form));
    });
  }
})();

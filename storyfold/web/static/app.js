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

  function showPassage(button) {
    var story = button.closest(".story");
    if (!story) { return; }
    var panel = sourceText(story, button.getAttribute("data-article"));
    var viewer = story.querySelector(".passage-viewer");
    if (!panel || !viewer) { return; }
    var chars = Array.from(panel.textContent);
    var start = parseInt(button.getAttribute("data-start"), 10);
    var end = parseInt(button.getAttribute("data-end"), 10);
    if (!(start >= 0 && end > start && end <= chars.length)) { return; }
    var heading = document.createElement("p");
    heading.className = "passage-source";
    heading.textContent = panel.getAttribute("data-label") || "";
    var body = document.createElement("div");
    body.className = "passage-text";
    body.appendChild(document.createTextNode(chars.slice(0, start).join("")));
    var mark = document.createElement("mark");
    mark.className = "passage";
    mark.textContent = chars.slice(start, end).join("");
    body.appendChild(mark);
    body.appendChild(document.createTextNode(chars.slice(end).join("")));
    viewer.replaceChildren(heading, body);
    var active = document.querySelectorAll(".cite.active");
    for (var i = 0; i < active.length; i++) { active[i].classList.remove("active"); }
    button.classList.add("active");
    body.scrollTop = Math.max(0, mark.offsetTop - body.offsetTop - 40);
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

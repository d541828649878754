// The Markdown editors' "Preview" buttons: without this script they open the preview in a new
// tab; with it the same server-rendered preview appears beside the editor.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='_preview_field']");
    if (!button || !button.form) {
      return;
    }
    var editor = button.closest(".markdown-editor");
    var place = editor && editor.querySelector(".markdown-preview");
    if (!place) {
      return;
    }
    event.preventDefault();
    var data = new FormData(button.form);
    // The text area's own name: in a row added by "Add another" the button's value still
    // holds the blank row's "__prefix__".
    var box = editor.querySelector("textarea");
    data.set("_preview_field", box ? box.name : button.value);
    fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Preview-Part": "1" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // The server's sanitiser (icis.core.markup) cleaned this HTML.
        place.innerHTML = html;
        place.hidden = false;
        editor.classList.add("markdown-editor-previewing");
      })
      .catch(function () {
        place.textContent = "The preview could not be shown. Try again, or save and view the page.";
        place.hidden = false;
      });
  });
})();

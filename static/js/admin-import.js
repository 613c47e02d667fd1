// The events' import page in the admin: while the upload is checked, say how many rows there
// are (counted in the browser for a CSV file) and that it may take a while; never send a form
// twice.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const note = document.getElementById("import-waiting");
  const input = document.querySelector('input[type="file"][name="import_file"]');
  let rows = null;

  if (input && note) {
    input.addEventListener("change", async () => {
      rows = null;
      const file = input.files[0];
      if (file && /\.(csv|tsv|txt)$/i.test(file.name)) {
        const text = await file.text();
        rows = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "").length - 1;
      }
    });
    input.form.addEventListener("submit", () => {
      note.textContent =
        rows === null
          ? note.dataset.uncounted
          : note.dataset.counted.replace("%(rows)s", String(rows));
      note.hidden = false;
    });
  }

  // Not the download of the refused rows: that page stays, and may download them again.
  for (const form of document.querySelectorAll("#content form:not(.import-report)")) {
    form.addEventListener("submit", () => {
      // After the browser has taken the form's data, so that the button's own value is sent.
      setTimeout(() => {
        for (const button of form.querySelectorAll('[type="submit"]')) button.disabled = true;
      }, 0);
    });
  }
});

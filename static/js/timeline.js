/* The readers' timeline: draw the figure the page carries (json_script #timeline-figure)
 * with Plotly, and make the date slider and filters redraw it in place.
 *
 * Without JavaScript the controls are a plain GET form and the tables carry every fact; this
 * script only enhances that. On a change it keeps the address in step with what is shown
 * (history.replaceState), fetches the same page for the new address and swaps in its summary,
 * tables and figure, so the server's one rule decides every status.
 */
(function () {
  "use strict";

  var chart = document.getElementById("timeline-chart");
  var form = document.getElementById("timeline-controls");
  if (!chart || !form || !window.Plotly) {
    return;
  }

  var NARROW_PX = 560;
  var DAY_MS = 86400000;
  var REGIONS = ["timeline-errors", "timeline-summary", "timeline-tables"];
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    displayModeBar: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    scrollZoom: false,
    doubleClick: false,
  };

  var figure = readFigure(document);
  var wasNarrow = null;
  var pending = null;
  var timer = null;

  function readFigure(doc) {
    var element = doc.getElementById("timeline-figure");
    return element ? JSON.parse(element.textContent) : null;
  }

  function isNarrow() {
    return chart.clientWidth < NARROW_PX;
  }

  /* On a phone the row labels lose the role and wrap, so the plot keeps its width. */
  function layoutFor(fig) {
    var layout = Object.assign({}, fig.layout);
    var meta = layout.meta || {};
    if (isNarrow() && meta.narrowTicktext) {
      layout.yaxis = Object.assign({}, layout.yaxis, { ticktext: meta.narrowTicktext });
      layout.font = Object.assign({}, layout.font, { size: 12 });
      layout.height = (layout.height || 400) + 140; // the legends wrap onto more lines
    }
    return layout;
  }

  function draw(fig) {
    if (!fig) {
      return Promise.resolve();
    }
    figure = fig;
    wasNarrow = isNarrow();
    return Plotly.react(chart, fig.data, layoutFor(fig), CONFIG).then(function () {
      chart.setAttribute("data-drawn", "true");
      chart.style.minHeight = ""; // it only held the place until the first drawing
      chart.removeAttribute("aria-busy");
    });
  }

  function parseDay(text) {
    var parts = (text || "").split("-").map(Number);
    return parts.length === 3 ? Date.UTC(parts[0], parts[1] - 1, parts[2]) : NaN;
  }

  function formatDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function readableDay(ms) {
    return new Date(ms).toLocaleDateString(document.documentElement.lang || undefined, {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
  }

  /* The address for what the form says, without empty fields. */
  function currentAddress() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function announce(doc) {
    var heading = doc.getElementById("summary-heading");
    var target = document.getElementById("timeline-announcement");
    if (heading && target) {
      target.textContent = heading.textContent;
    }
  }

  function update() {
    var address = currentAddress();
    window.history.replaceState(null, "", address);
    if (pending) {
      pending.abort();
    }
    var controller = new AbortController();
    pending = controller;
    chart.setAttribute("aria-busy", "true");
    fetch(address, { signal: controller.signal, credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        REGIONS.forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) {
            old.replaceWith(document.importNode(fresh, true));
          }
        });
        var data = doc.getElementById("timeline-figure");
        if (data) {
          document.getElementById("timeline-figure").textContent = data.textContent;
        }
        document.title = doc.title;
        announce(doc);
        return draw(readFigure(doc));
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(address); // let the server render it the plain way
        }
      })
      .finally(function () {
        if (pending === controller) {
          pending = null;
        }
      });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  }

  /* The range slider is a faster way to set the date input; the date input stays the form's
   * field, so the address and the no-JavaScript form read the same value. */
  var slider = document.getElementById("as-of-slider");
  var dateInput = form.elements.namedItem("as_of");
  if (slider && dateInput) {
    var start = parseDay(slider.getAttribute("data-start"));
    var end = parseDay(slider.getAttribute("data-end"));
    if (!isNaN(start) && !isNaN(end) && end > start) {
      var syncSlider = function () {
        var chosen = parseDay(dateInput.value);
        var day = isNaN(chosen) ? end : Math.min(Math.max(chosen, start), end);
        slider.value = String(Math.round((day - start) / DAY_MS));
        slider.setAttribute("aria-valuetext", readableDay(day));
      };
      slider.max = String(Math.round((end - start) / DAY_MS));
      syncSlider();
      slider.hidden = false;
      slider.addEventListener("input", function () {
        var day = start + Number(slider.value) * DAY_MS;
        dateInput.value = formatDay(day);
        slider.setAttribute("aria-valuetext", readableDay(day));
        schedule(150);
      });
      dateInput.addEventListener("change", function () {
        syncSlider();
        schedule(0);
      });
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") {
      schedule(0);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    schedule(0);
  });

  window.addEventListener("resize", function () {
    if (figure && isNarrow() !== wasNarrow) {
      draw(figure);
    }
  });

  draw(figure);
})();

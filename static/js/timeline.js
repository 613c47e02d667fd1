/* The readers' timeline. The page arrives with the chart drawn by the server as SVG, which
 * needs no script: each marker is a link to its state's page. This small script
 *
 * - opens a marker's panel (date, what happened, place, notes, sources) on click, tap or Enter,
 *   from the SVG or, later, from Plotly;
 * - loads Plotly (from our own static files) only on the reader's first interaction with the
 *   chart (pointer, touch, or the "Explore" button) and lets it replace the SVG in place;
 * - keeps the date field, slider, filters and range buttons in step with the address and
 *   swaps in the server's page for the new address (summary, chart, toolbar, tables), so the
 *   server's one rule decides every status;
 * - copies the link, the embed code and the citation.
 *
 * Without JavaScript the controls are a plain GET form and the tables carry every fact.
 */
(function () {
  "use strict";

  var region = document.getElementById("timeline-figure-region");
  var chart = document.getElementById("timeline-chart");
  var form = document.getElementById("timeline-controls");
  var panel = document.getElementById("marker-panel");
  var panelBody = document.getElementById("marker-panel-body");

  var NARROW_PX = 560;
  var DAY_MS = 86400000;
  // The language switcher too: its links keep the view (date and filters) just chosen.
  var REGIONS = [
    "timeline-errors",
    "timeline-summary",
    "timeline-toolbar",
    "timeline-tables",
    "language-switcher",
  ];
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

  /* The reader's language: month and day names from Django's catalogues (the figure's
   * data-date-locale), handed to Plotly as a locale of its own, and the page's direction. */
  var localeData = region ? region.getAttribute("data-date-locale") : null;
  var dateLocale = localeData ? JSON.parse(localeData) : null;
  var RTL = document.documentElement.dir === "rtl";
  var localeRegistered = false;

  var figure = null;
  var plotlyState = "none"; // none, loading, ready
  var pending = null;
  var timer = null;
  var lastOpener = null;

  /* --- The marker panel ------------------------------------------------------------------ */

  function openPanel(ids, opener) {
    if (!panel || !region || !ids) {
      return;
    }
    lastOpener = opener || null;
    var url = region.getAttribute("data-panel-url") + "?ids=" + encodeURIComponent(ids);
    panel.hidden = false;
    panel.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        panelBody.replaceChildren.apply(
          panelBody,
          Array.prototype.map.call(doc.body.childNodes, function (node) {
            return document.importNode(node, true);
          })
        );
        panel.removeAttribute("aria-busy");
        panel.focus();
      })
      .catch(function () {
        panel.hidden = true;
        if (opener && opener.getAttribute) {
          window.location.assign(opener.getAttribute("href"));
        }
      });
  }

  function closePanel() {
    if (!panel) {
      return;
    }
    panel.hidden = true;
    if (lastOpener && document.contains(lastOpener)) {
      lastOpener.focus();
    }
  }

  if (chart && panel) {
    chart.addEventListener("click", function (event) {
      var marker = event.target.closest ? event.target.closest("a.marker") : null;
      if (!marker) {
        return;
      }
      event.preventDefault();
      openPanel(marker.getAttribute("data-events").replace(/ /g, ","), marker);
    });
    document.getElementById("marker-panel-close").addEventListener("click", closePanel);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closePanel();
      }
    });
  }

  /* --- Plotly, on the first interaction ---------------------------------------------------- */

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
    if (RTL) {
      /* Right to left, as the server's drawing: row labels and legends on the right, time
       * still running left to right (see timeline/svg.py for why). */
      var margin = layout.margin || {};
      layout.margin = Object.assign({}, margin, { l: margin.r, r: margin.l });
      layout.yaxis = Object.assign({}, layout.yaxis, { side: "right" });
      ["legend", "legend2"].forEach(function (name) {
        if (layout[name]) {
          layout[name] = Object.assign({}, layout[name], { x: 1, xanchor: "right" });
        }
      });
      layout.hoverlabel = Object.assign({}, layout.hoverlabel, { align: "right" });
    }
    return layout;
  }

  /* Plotly speaks the page's language: its locale is built from Django's month names. */
  function registerLocale() {
    if (localeRegistered || !dateLocale || !window.Plotly) {
      return;
    }
    window.Plotly.register({
      moduleType: "locale",
      name: dateLocale.name,
      dictionary: dateLocale.dictionary,
      format: dateLocale.format,
    });
    CONFIG.locale = dateLocale.name;
    localeRegistered = true;
  }

  /* The figure groups its markers for a few plot widths (meta.width on each marker trace);
   * show the widest grouping that fits the plot as drawn, so no marker covers another. */
  function markerWidthFor(fig, plotWidth) {
    var widths = (fig.layout.meta && fig.layout.meta.markerWidths) || [];
    var chosen = widths[0];
    widths.forEach(function (width) {
      if (width <= plotWidth) {
        chosen = width;
      }
    });
    return chosen;
  }

  function withMarkerWidth(fig, width) {
    return fig.data.map(function (trace) {
      var meta = trace.meta || {};
      if (meta.width === undefined) {
        return trace;
      }
      return Object.assign({}, trace, { visible: meta.width === width });
    });
  }

  function estimatedPlotWidth() {
    return chart.clientWidth - (isNarrow() ? 110 : 230);
  }

  function draw(fig) {
    if (!fig || !fig.data || !window.Plotly) {
      return Promise.resolve();
    }
    figure = fig;
    registerLocale();
    var width = markerWidthFor(fig, estimatedPlotWidth());
    return Plotly.react(chart, withMarkerWidth(fig, width), layoutFor(fig), CONFIG).then(
      function () {
        var drawn = chart._fullLayout && chart._fullLayout.xaxis._length;
        var fits = drawn ? markerWidthFor(fig, drawn) : width;
        var done = Promise.resolve();
        if (fits !== width) {
          done = Plotly.react(chart, withMarkerWidth(fig, fits), layoutFor(fig), CONFIG);
        }
        return done.then(function () {
          chart.setAttribute("data-drawn", "true");
          chart.setAttribute("data-marker-width", String(fits));
          chart.removeAttribute("aria-busy");
        });
      }
    );
  }

  function fetchFigure(address) {
    var url = region.getAttribute("data-figure-url").split("?")[0];
    var query = address.split("?")[1] || "";
    return fetch(url + (query ? "?" + query : ""), { credentials: "same-origin" }).then(
      function (response) {
        return response.json();
      }
    );
  }

  function loadPlotly() {
    if (plotlyState !== "none" || !region || !region.getAttribute("data-figure-url")) {
      return;
    }
    plotlyState = "loading";
    chart.setAttribute("aria-busy", "true");
    var script = document.createElement("script");
    script.src = region.getAttribute("data-plotly");
    var loaded = new Promise(function (resolve, reject) {
      script.onload = resolve;
      script.onerror = reject;
    });
    document.head.appendChild(script);
    var address = window.location.pathname + window.location.search;
    Promise.all([loaded, fetchFigure(address)])
      .then(function (results) {
        var svg = chart.querySelector(".chart-svg");
        chart.style.minHeight = svg ? svg.getBoundingClientRect().height + "px" : "";
        if (svg) {
          svg.remove();
        }
        plotlyState = "ready";
        return draw(results[1]).then(function () {
          chart.style.minHeight = "";
          chart.on("plotly_click", onPlotlyClick);
          var explore = document.getElementById("explore-chart");
          if (explore) {
            explore.hidden = true;
          }
        });
      })
      .catch(function () {
        plotlyState = "none"; // the SVG stays; nothing is lost
        chart.removeAttribute("aria-busy");
      });
  }

  function onPlotlyClick(data) {
    var point = data && data.points && data.points[0];
    if (point && point.customdata && point.customdata.length) {
      openPanel(point.customdata.join(","), null);
    }
  }

  if (chart && region && region.getAttribute("data-figure-url")) {
    ["pointerenter", "touchstart", "pointerdown"].forEach(function (name) {
      chart.addEventListener(name, loadPlotly, { once: true, passive: true });
    });
    var explore = document.getElementById("explore-chart");
    if (explore) {
      explore.hidden = false;
      explore.addEventListener("click", loadPlotly);
    }
  }

  /* --- Date, slider, filters, range: the address and the server's page --------------------- */

  if (!form) {
    return;
  }

  function parseDay(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) {
      return NaN;
    }
    var ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Date.UTC rolls 31 Feb over into March: such a day is not a date.
    return formatDay(ms) === text ? ms : NaN;
  }

  function formatDay(ms) {
    var day = new Date(ms);
    if (isNaN(day.getTime())) {
      return "";
    }
    var year = String(day.getUTCFullYear()).padStart(4, "0");
    return year + "-" + new Date(ms).toISOString().slice(5, 10);
  }

  /* The slider's spoken value, written as the page writes a day (accords/dates.py). */
  function readableDay(ms) {
    var day = new Date(ms);
    if (!dateLocale || isNaN(day.getTime())) {
      return formatDay(ms);
    }
    var parts = {
      j: String(day.getUTCDate()),
      M: dateLocale.format.shortMonths[day.getUTCMonth()],
      F: dateLocale.format.months[day.getUTCMonth()],
      Y: String(day.getUTCFullYear()),
    };
    return dateLocale.dayPattern.replace(/[jMFY]/g, function (letter) {
      return parts[letter];
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

  function swapChart(doc) {
    var freshNav = doc.querySelector(".range-control");
    var oldNav = document.querySelector(".range-control");
    if (freshNav && oldNav) {
      oldNav.replaceWith(document.importNode(freshNav, true));
    } else if (freshNav && chart) {
      chart.before(document.importNode(freshNav, true));
    } else if (oldNav) {
      oldNav.remove();
    }
    if (plotlyState === "ready") {
      return;
    }
    var fresh = doc.querySelector("#timeline-chart .chart-svg");
    var old = chart.querySelector(".chart-svg");
    if (fresh && old) {
      old.replaceWith(document.importNode(fresh, true));
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
    var page = fetch(address, { signal: controller.signal, credentials: "same-origin" }).then(
      function (response) {
        return response.text();
      }
    );
    var fig = plotlyState === "ready" ? fetchFigure(address) : Promise.resolve(null);
    Promise.all([page, fig])
      .then(function (results) {
        if (controller.signal.aborted) {
          return null;
        }
        var doc = new DOMParser().parseFromString(results[0], "text/html");
        REGIONS.forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) {
            old.replaceWith(document.importNode(fresh, true));
          }
        });
        swapChart(doc);
        document.title = doc.title;
        announce(doc);
        chart.removeAttribute("aria-busy");
        return results[1] ? draw(results[1]) : null;
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

  var slider = document.getElementById("as-of-slider");
  var dateInput = form.elements.namedItem("as_of");
  var rangeInput = form.elements.namedItem("range");

  /* A typed date is sent only once it is complete and a real day between the year 1000 and
   * today: typing a year goes through 0002, 0020, 0202 before 2020. */
  function dateIsSendable() {
    var value = dateInput.value;
    if (value === "") {
      return true;
    }
    var day = parseDay(value);
    var latest = parseDay(dateInput.getAttribute("max"));
    return !isNaN(day) && Number(value.slice(0, 4)) >= 1000 && (isNaN(latest) || day <= latest);
  }

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
      dateInput.addEventListener("input", function () {
        if (dateIsSendable()) {
          syncSlider();
        }
      });
    }
  }
  if (dateInput) {
    var onDate = function () {
      window.clearTimeout(timer);
      if (dateIsSendable()) {
        schedule(400); // typing goes on: wait for a pause
      }
    };
    dateInput.addEventListener("change", onDate);
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") {
      schedule(0);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (dateInput && !dateIsSendable()) {
      form.submit(); // the server says what is wrong with it
      return;
    }
    schedule(0);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("a.range-button") : null;
    if (button && rangeInput) {
      event.preventDefault();
      rangeInput.value = button.getAttribute("data-range") || "";
      schedule(0);
      return;
    }
    var copy = event.target.closest ? event.target.closest("button.copy") : null;
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      var text = source.value !== undefined ? source.value : source.textContent;
      var status = document.getElementById("copy-status");
      var done = function () {
        if (status) {
          status.textContent = copy.textContent + " ✓";
        }
        copy.setAttribute("data-copied", "true");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {
          if (source.select) {
            source.select();
          }
        });
      } else if (source.select) {
        source.select();
        done();
      }
    }
  });

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      if (figure && plotlyState === "ready") {
        draw(figure); // the row labels and the grouping of markers follow the width
      }
    }, 200);
  });
})();

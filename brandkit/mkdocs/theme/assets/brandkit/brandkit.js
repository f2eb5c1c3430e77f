// mkdocs-material fetches sitemap.xml next to every <link rel="alternate"> when it starts (meant
// for language versions): for the feed links that is three wasted downloads and parses of the
// sitemap on every page, and 404s on tag pages, whose feeds live in the tag's folder. This
// deferred script runs before DOMContentLoaded, when Material looks them up: hide the feeds from
// it, then give them back. The HTML that crawlers and feed readers see is unchanged.
(function () {
  var feeds = document.querySelectorAll('link[rel="alternate"][type]:not([hreflang])');
  for (var i = 0; i < feeds.length; i++) feeds[i].rel = "bk-feed";
  document.addEventListener("DOMContentLoaded", function () {
    setTimeout(function () {
      for (var i = 0; i < feeds.length; i++) feeds[i].rel = "alternate";
    }, 0);
  }, { once: true });
})();
// mkdocs-material adds a <nav class="md-code__nav"> (copy button) to every code block, all
// without a name: several unnamed navigation landmarks on one page fail axe's landmark-unique.
// Give each a name as it is added (Material adds them while it starts, and after instant
// loading): the observer looks only at the added nodes, so Material's other changes cost nothing.
(function () {
  var count = 0;
  function label(root) {
    var navs = root.matches && root.matches(".md-code__nav") ? [root] : root.querySelectorAll(".md-code__nav");
    for (var i = 0; i < navs.length; i++) {
      if (!navs[i].hasAttribute("aria-label")) navs[i].setAttribute("aria-label", "Code block " + (++count));
    }
  }
  new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var added = records[r].addedNodes;
      for (var i = 0; i < added.length; i++) if (added[i].nodeType === 1) label(added[i]);
    }
  }).observe(document.body || document.documentElement, { childList: true, subtree: true });
  label(document);
})();
// mkdocs-material's search dialog (role="dialog") has no accessible name (axe: aria-dialog-name);
// its options bar is labelled with the translated word for search: name the dialog the same.
(function () {
  var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
  var options = document.querySelector(".md-search__options[aria-label]");
  if (dialog && options) dialog.setAttribute("aria-label", options.getAttribute("aria-label"));
})();
// Buttons that open mkdocs-material's search (the 404 page's): shown only when this script runs,
// since the search needs JavaScript; pressing one ticks Material's own search toggle.
(function () {
  var buttons = document.querySelectorAll("[data-bk-open-search]");
  var toggle = document.getElementById("__search");
  if (!toggle) return;
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { if (!toggle.checked) toggle.click(); });
  }
})();

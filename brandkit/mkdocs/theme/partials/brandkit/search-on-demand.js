(function () {
  var fetchNow = window.fetch;
  if (!fetchNow) return;
  var open;
  var opened = new Promise(function (resolve) { open = resolve; });
  function isToggle(el) { return el && el.closest && el.closest('[for="__search"], [data-bk-open-search]'); }
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches("[data-md-component=search-query]")) open();
  });
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") open(); });
  document.addEventListener("pointerover", function (e) { if (isToggle(e.target)) open(); });
  document.addEventListener("pointerdown", function (e) { if (isToggle(e.target)) open(); });
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (/\/search\/search_index\.json(?:[?#]|$)/.test(url)) {
      return opened.then(function () { return fetchNow.call(window, input, init); });
    }
    return fetchNow.apply(window, arguments);
  };
})();

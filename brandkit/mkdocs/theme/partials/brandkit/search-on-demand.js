(function () {
  var Request = window.XMLHttpRequest;
  if (!Request || !window.Promise) return;
  var open;
  var opened = new Promise(function (resolve) { open = resolve; });
  function isToggle(el) { return el && el.closest && el.closest('[for="__search"], [data-bk-open-search]'); }
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches("[data-md-component=search-query]")) open();
  });
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") open(); });
  document.addEventListener("pointerover", function (e) { if (isToggle(e.target)) open(); });
  document.addEventListener("pointerdown", function (e) { if (isToggle(e.target)) open(); });
  var openRequest = Request.prototype.open;
  var sendRequest = Request.prototype.send;
  Request.prototype.open = function (method, url) {
    this.bkSearchIndex = /\/search\/search_index\.json(?:[?#]|$)/.test(String(url));
    return openRequest.apply(this, arguments);
  };
  Request.prototype.send = function () {
    if (!this.bkSearchIndex) return sendRequest.apply(this, arguments);
    var request = this, args = arguments;
    opened.then(function () { sendRequest.apply(request, args); });
  };
})();

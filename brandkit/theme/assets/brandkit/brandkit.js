// mkdocs-material adds a <nav class="md-code__nav"> (copy button) to every code block, all
// without a name: several unnamed navigation landmarks on one page fail axe's landmark-unique.
// Give each a name; a MutationObserver also catches blocks Material adds after instant loading.
(function () {
  function label(root) {
    var navs = root.querySelectorAll(".md-code__nav:not([aria-label])");
    var all = document.querySelectorAll(".md-code__nav");
    for (var i = 0; i < navs.length; i++) {
      navs[i].setAttribute("aria-label", "Code block " + (Array.prototype.indexOf.call(all, navs[i]) + 1));
    }
  }
  new MutationObserver(function () { label(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
  label(document);
})();

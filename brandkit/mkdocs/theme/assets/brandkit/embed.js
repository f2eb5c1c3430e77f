// Click-to-play video: the player's iframe (and any request to the video host) is created only
// when the visitor presses the button. Without JavaScript the plain link remains.
(function () {
  function wire() {
    document.querySelectorAll("[data-bk-embed]").forEach(function (box) {
      var button = box.querySelector("button");
      if (!button || button.dataset.bkWired) return;
      button.dataset.bkWired = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = box.dataset.bkEmbed;
        frame.title = box.dataset.bkTitle || "Video";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.allowFullscreen = true;
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        box.replaceChildren(frame);
        box.classList.add("bk-embed--playing");
      });
    });
  }
  wire();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(wire);
})();

// Runs in the head, before the page is first laid out: marks the page as
// scripted (app.css's .js rules) so that the first layout is the one the
// reader will see. Marked later, by map.js, the page is laid out twice,
// and on a phone the first, shorter layout brings the side panel's
// hundred-row table near enough to the screen for the browser to lay it
// out too. A browser without modules runs none of our scripts, so it keeps
// the page as it is without them.
//
// It also asks now for the modules map.js imports (data-preload), which
// the browser would otherwise find one level of imports at a time, each
// after the page's parse; a browser without scripts asks for none.
if ("noModule" in HTMLScriptElement.prototype) {
  document.documentElement.classList.add("js");
  for (const href of (document.currentScript?.dataset.preload || "").split(" ").filter(Boolean)) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.append(link);
  }
}

// Served from a web server without a base URL: the subscribe links are made
// from where the page is (a webcal:// or a Google Calendar link must be
// absolute), then shown. Opened from a disk (file:), there is no address to
// subscribe to: the page keeps saying so.
if (location.protocol === "http:" || location.protocol === "https:") {
  for (const sub of document.querySelectorAll("div.sub[data-rel]")) {
    const https = new URL(sub.dataset.rel, document.baseURI).href;
    const webcal = "webcal://" + https.slice(https.indexOf("://") + 3);
    const name = sub.dataset.name || "";
    sub.querySelector("a.google").href =
      "https://calendar.google.com/calendar/render?cid=" + encodeURIComponent(webcal);
    sub.querySelector("a.outlook").href =
      "https://outlook.live.com/calendar/0/addfromweb?url=" + encodeURIComponent(https) +
      "&name=" + encodeURIComponent(name);
    sub.querySelector("a.webcal").href = webcal;
    sub.querySelector("input.url").value = https;
    sub.hidden = false;
  }
  for (const p of document.querySelectorAll("p.local")) p.hidden = true;
  for (const p of document.querySelectorAll("p.how")) p.hidden = false;
}
// Links to this computer's own address (castcal serve on 127.0.0.1, a
// --base-url of localhost) work only here: say so, and how to serve others.
const loopback = (host) =>
  host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]";
if ([...document.querySelectorAll("input.url")].some((i) => {
  try { return !i.closest("[hidden]") && loopback(new URL(i.value).hostname); } catch { return false; }
})) {
  for (const p of document.querySelectorAll("p.loopback")) p.hidden = false;
}
for (const b of document.querySelectorAll("button[data-copy]")) {
  b.addEventListener("click", () => {
    const input = b.parentElement.querySelector("input.url");
    input.select();
    const done = () => { b.textContent = b.dataset.done || "✓"; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, () => document.execCommand("copy") && done());
    } else if (document.execCommand("copy")) {
      done();
    }
  });
}

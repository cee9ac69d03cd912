for (const a of document.querySelectorAll("a[data-rel]")) {
  const url = new URL(a.dataset.rel, document.baseURI);
  const text = a.classList.contains("webcal") ? "webcal://" + url.host + url.pathname : url.href;
  a.href = text; a.textContent = text;
}
for (const b of document.querySelectorAll("button[data-copy]")) {
  b.addEventListener("click", () => {
    const a = b.previousElementSibling;
    navigator.clipboard.writeText(a.href).then(() => { b.textContent = "✓"; });
  });
}

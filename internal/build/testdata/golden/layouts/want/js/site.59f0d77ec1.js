// Second Round: progressive enhancements. Every page reads and works
// without this script.
const input = document.querySelector(".search-input");
document.addEventListener("keydown", (e) => {
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  if (!input) return;
  e.preventDefault();
  input.focus();
});

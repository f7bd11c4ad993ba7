// Runs before the element bundle (a classic script in <head>), so the elements' first render and first events
// are already in the language the visitor picked last time.
(function () {
  try {
    var saved = localStorage.getItem('erp-widgets-demo-lang');
    if (saved === 'en' || saved === 'ko') document.documentElement.lang = saved;
  } catch {
    // Storage blocked (private mode, sandboxed frame): keep the page's own lang.
  }
})();

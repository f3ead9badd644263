// 社工新闻 — the reader's tools, on every page: the text size the reader chose (小/中/大, kept in
// localStorage for every page), and on an article 复制链接 and 打印. Without JavaScript the page is
// whole; the article's tool bar stays hidden.
(function () {
  'use strict';
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem('shegong-font');
    if (saved === 'small' || saved === 'large') { root.setAttribute('data-font', saved); }
  } catch (e) { /* storage off: the default size */ }

  function ready() {
    var tools = document.querySelector('[data-tools]');
    if (!tools) { return; }
    tools.hidden = false;
    function mark() {
      var size = root.getAttribute('data-font') || 'medium';
      tools.querySelectorAll('[data-font]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-font') === size)); });
    }
    mark();
    tools.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (!button) { return; }
      var size = button.getAttribute('data-font');
      if (size) {
        if (size === 'medium') { root.removeAttribute('data-font'); } else { root.setAttribute('data-font', size); }
        try { localStorage.setItem('shegong-font', size); } catch (e) { /* not kept */ }
        mark();
      } else if (button.hasAttribute('data-copy')) {
        var url = button.getAttribute('data-copy');
        var done = function () { button.textContent = '链接已复制'; };
        if (navigator.clipboard) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt('复制本文链接：', url); });
        } else {
          window.prompt('复制本文链接：', url);
        }
      } else if (button.hasAttribute('data-print')) {
        window.print();
      }
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', ready); } else { ready(); }
})();

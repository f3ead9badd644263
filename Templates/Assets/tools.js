// 社工新闻 — the reader's tools, as progressive enhancement: every page is whole without them.
// - the text size the reader chose (小/中/大), kept in localStorage for every page;
// - on an article: 复制链接 and 打印;
// - on a list: a jump to page n;
// - on a district: a filter by 栏目;
// - 我的地区: chosen on a region's page, offered on the home page;
// - the 栏目 bar scrolled to the page's own section;
// - 长辈模式 (larger type, stronger contrast, one column, no motion), one tap from every page and
//   remembered; on an article, 朗读 (read aloud) through the browser's speech synthesis.
// The saved text size and mode are applied before the page is drawn by the small script inlined in
// every page's head (Assets.readerSettingsScript); this file only offers the controls.
(function () {
  'use strict';
  var root = document.documentElement;
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* not kept */ } }

  function articleTools() {
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
        save('shegong-font', size);
        mark();
      } else if (button.hasAttribute('data-copy')) {
        var url = button.getAttribute('data-copy');
        var done = function () { button.textContent = button.getAttribute('data-done'); };
        var ask = function () { window.prompt(button.getAttribute('data-prompt'), url); };
        if (navigator.clipboard) { navigator.clipboard.writeText(url).then(done, ask); } else { ask(); }
      } else if (button.hasAttribute('data-print')) {
        window.print();
      }
    });
  }

  // Page n's path: data-pattern holds it with {n} for the number (page 1 is data-first).
  function pageJump() {
    document.querySelectorAll('.page-jump').forEach(function (form) {
      form.hidden = false;
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var input = form.querySelector('input');
        var n = parseInt(input.value, 10), max = parseInt(input.getAttribute('max'), 10);
        if (!(n >= 1 && n <= max)) { input.focus(); return; }
        window.location.href = n === 1 ? form.getAttribute('data-first') : form.getAttribute('data-pattern').replace('{n}', String(n));
      });
    });
  }

  function topicFilter() {
    var bar = document.querySelector('[data-topic-filter]');
    if (!bar) { return; }
    bar.hidden = false;
    bar.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (!button) { return; }
      var topic = button.getAttribute('data-topic');
      bar.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
      document.querySelectorAll('.entries > .entry').forEach(function (entry) {
        entry.hidden = topic !== '' && (' ' + entry.getAttribute('data-topics') + ' ').indexOf(' ' + topic + ' ') < 0;
      });
    });
  }

  function myRegion() {
    var mine = null;
    try { mine = JSON.parse(load('shegong-region') || 'null'); } catch (e) { mine = null; }
    var setter = document.querySelector('[data-set-my-region]');
    if (setter) {
      setter.parentNode.hidden = false;
      var here = setter.getAttribute('data-set-my-region');
      var mark = function () {
        var chosen = Boolean(mine && mine.href === here);
        setter.setAttribute('aria-pressed', String(chosen));
        setter.textContent = setter.getAttribute(chosen ? 'data-chosen' : 'data-choose');
      };
      mark();
      setter.addEventListener('click', function () {
        mine = { href: here, name: setter.getAttribute('data-name') };
        save('shegong-region', JSON.stringify(mine));
        mark();
      });
    }
    var shown = document.querySelector('[data-my-region]');
    // Only a path of this site: what storage holds is not trusted as a link.
    if (shown && mine && typeof mine.href === 'string' && /^\/[^\/]/.test(mine.href) && typeof mine.name === 'string') {
      var link = shown.querySelector('[data-my-region-link]');
      link.href = mine.href;
      link.textContent = link.getAttribute('data-label').replace('{name}', mine.name);
      shown.hidden = false;
    }
  }

  // The 栏目 bar scrolls sideways on a phone: bring the current section into view.
  function currentSection() {
    var nav = document.querySelector('.site-nav'), current = nav && nav.querySelector('[aria-current]');
    if (!current || nav.scrollWidth <= nav.clientWidth) { return; }
    var item = current.parentNode;
    if (item.offsetLeft + item.offsetWidth > nav.clientWidth) { nav.scrollLeft = item.offsetLeft - (nav.clientWidth - item.offsetWidth) / 2; }
  }

  function elderMode() {
    var toggle = document.querySelector('[data-mode-toggle]');
    if (!toggle) { return; }
    toggle.hidden = false;
    function mark() { toggle.setAttribute('aria-pressed', String(root.getAttribute('data-mode') === 'elder')); }
    mark();
    toggle.addEventListener('click', function () {
      var on = root.getAttribute('data-mode') !== 'elder';
      if (on) { root.setAttribute('data-mode', 'elder'); } else { root.removeAttribute('data-mode'); }
      save('shegong-mode', on ? 'elder' : 'standard');
      mark();
    });
  }

  // 朗读: the headline and the text, a paragraph at a time (one long utterance stops part-way in
  // some browsers), in the page's language; the button stops it again.
  function readAloud() {
    var button = document.querySelector('[data-read-aloud]');
    var body = document.querySelector('.article-body');
    if (!button || !body || !('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') { return; }
    button.hidden = false;
    var speaking = false;
    function stop() { window.speechSynthesis.cancel(); speaking = false; button.setAttribute('aria-pressed', 'false'); button.textContent = button.getAttribute('data-start'); }
    button.addEventListener('click', function () {
      if (speaking) { stop(); return; }
      var title = document.querySelector('h1');
      var parts = [title ? title.textContent : ''];
      body.querySelectorAll('h2, h3, p, li, blockquote').forEach(function (el) {
        if (!el.closest('.contents') && !el.closest('blockquote p, li p')) { parts.push(el.textContent); }
      });
      // The 繁體版 is read in Cantonese-region Chinese (zh-HK), which speech engines offer.
      var lang = root.getAttribute('lang') || 'zh-CN';
      if (lang === 'zh-Hant') { lang = 'zh-HK'; }
      parts = parts.map(function (t) { return t.trim(); }).filter(Boolean);
      speaking = true;
      button.setAttribute('aria-pressed', 'true');
      button.textContent = button.getAttribute('data-stop');
      parts.forEach(function (text, n) {
        var u = new SpeechSynthesisUtterance(text);
        u.lang = lang;
        u.rate = 0.9;
        if (n === parts.length - 1) { u.onend = stop; }
        window.speechSynthesis.speak(u);
      });
    });
    window.addEventListener('pagehide', function () { if (speaking) { window.speechSynthesis.cancel(); } });
  }

  function ready() { currentSection(); elderMode(); articleTools(); readAloud(); pageJump(); topicFilter(); myRegion(); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', ready); } else { ready(); }
})();

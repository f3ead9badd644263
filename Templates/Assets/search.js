/* 社工新闻 search: reads the static index under search/ (see Sources/SiteCore/Search/SearchIndex.swift).
   Tokenisation mirrors SearchText.swift exactly. Result text is only ever set as text, never as HTML. */
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.getAttribute('data-root');
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var topicSelect = document.getElementById('search-topic');
  var provinceSelect = document.getElementById('search-province');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var cache = {};
  var meta = null, t2s = null, ranked = [], shown = 0, terms = [];
  var PAGE = 20;

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ': ' + r.status); }
        return path.slice(-4) === '.txt' ? r.text() : r.json();
      });
    }
    return cache[path];
  }

  function loadBasics() {
    return Promise.all([fetchJSON('meta.json'), fetchJSON('t2s.txt')]).then(function (r) {
      meta = r[0];
      if (!t2s) {
        t2s = {};
        var pairs = Array.from(r[1].trim());
        for (var i = 0; i + 1 < pairs.length; i += 2) { t2s[pairs[i]] = pairs[i + 1]; }
      }
    });
  }

  function isHan(c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
  }

  // One code point → its normalised code point (Traditional → Simplified, full-width → ASCII, lower case).
  function normalizeChar(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0x4E00 && c < 0xA000 && t2s[ch]) { return t2s[ch]; }
    if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; ch = String.fromCharCode(c); }
    if (c >= 0x41 && c <= 0x5A) { return String.fromCharCode(c + 32); }
    return ch;
  }

  function normalize(text) { return Array.from(text).map(normalizeChar); }

  // A term's tokens: bigrams and words; a lone Han character becomes a character token.
  function tokenize(chars) {
    var tokens = [], singles = [], prev = null, word = '';
    function endWord() { if (word) { tokens.push(word); word = ''; } }
    chars.forEach(function (ch) {
      var c = ch.codePointAt(0);
      if (isHan(c)) {
        endWord();
        singles.push(ch);
        if (prev) { tokens.push(prev + ch); }
        prev = ch;
      } else if ((c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)) {
        prev = null;
        word += ch;
      } else {
        prev = null;
        endWord();
      }
    });
    endWord();
    if (tokens.length === 0 && singles.length === 1) { return [{ text: singles[0], character: true }]; }
    return tokens.filter(function (t, i) { return tokens.indexOf(t) === i; }).map(function (t) { return { text: t, character: false }; });
  }

  function bucket(token, count) {
    var bytes = new TextEncoder().encode(token), h = 2166136261;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h % count;
  }

  // Postings of one token in one segment: Map(local id → title flag).
  function postings(encoded) {
    var result = new Map();
    if (!encoded) { return result; }
    var id = -1;
    encoded.split(',').forEach(function (part) {
      var title = part.charAt(part.length - 1) === '!';
      id += parseInt(title ? part.slice(0, -1) : part, 36);
      result.set(id, title);
    });
    return result;
  }

  function search(query) {
    terms = query.split(/\s+/).filter(Boolean).slice(0, 8).map(function (term) {
      var chars = normalize(term);
      return { chars: chars.join(''), tokens: tokenize(chars) };
    }).filter(function (t) { return t.tokens.length > 0; });
    if (terms.length === 0) { return Promise.resolve([]); }
    var segments = Math.max(1, Math.ceil(meta.n / meta.seg));
    var jobs = [];
    for (let s = 0; s < segments; s++) {
      terms.forEach(function (term, ti) {
        term.tokens.forEach(function (token, ki) {
          var path = (token.character ? 'u/' : 'i/') + s + '/' + bucket(token.text, token.character ? meta.u : meta.b) + '.json';
          jobs.push(fetchJSON(path).then(function (file) { return { s: s, ti: ti, ki: ki, p: postings(file[token.text]) }; }));
        });
      });
    }
    return Promise.all(jobs).then(function (parts) {
      var scores = new Map();
      for (let s = 0; s < segments; s++) {
        terms.forEach(function (term, ti) {
          var lists = parts.filter(function (p) { return p.s === s && p.ti === ti; }).map(function (p) { return p.p; });
          lists.sort(function (a, b) { return a.size - b.size; });
          lists[0].forEach(function (title, local) {
            var all = lists.every(function (l) { return l.has(local); });
            if (!all) { return; }
            var inTitle = lists.every(function (l) { return l.get(local); });
            var id = s * meta.seg + local;
            var score = scores.get(id) || { id: id, terms: 0, titles: 0 };
            score.terms += 1;
            if (inTitle) { score.titles += 1; }
            scores.set(id, score);
          });
        });
      }
      var topic = topicSelect.value, province = provinceSelect.value;
      var topicBit = topic === '' ? 0 : 1 << meta.topics.map(function (t) { return t[0]; }).indexOf(topic);
      var provinceCode = province === '' ? -1 : meta.provinces.map(function (p) { return p[0]; }).indexOf(province);
      return Array.from(scores.values()).filter(function (r) {
        var p = meta.docs.charCodeAt(r.id * 2) - 65, t = parseInt(meta.docs.charAt(r.id * 2 + 1), 16);
        return (provinceCode < 0 || p === provinceCode) && (topicBit === 0 || (t & topicBit) !== 0);
      }).sort(function (a, b) { return b.terms - a.terms || b.titles - a.titles || b.id - a.id; });
    });
  }

  function fragment(id) {
    return fetchJSON('f/' + Math.floor(id / meta.chunk) + '.json').then(function (chunk) { return chunk[id % meta.chunk]; });
  }

  // The part of the text around the first matched term, with every match marked.
  function snippet(text, element) {
    var chars = Array.from(text), norm = chars.map(normalizeChar).join(''), normChars = Array.from(norm);
    var needles = terms.map(function (t) { return t.chars; }).filter(Boolean);
    var first = -1;
    needles.forEach(function (n) { var at = Array.from(norm.slice(0, Math.max(0, norm.indexOf(n)))).length; if (norm.indexOf(n) >= 0 && (first < 0 || at < first)) { first = at; } });
    var start = Math.max(0, first - 30), end = Math.min(chars.length, start + 110);
    if (start > 0) { element.appendChild(document.createTextNode('…')); }
    var i = start;
    while (i < end) {
      var hit = 0;
      needles.forEach(function (n) { var len = Array.from(n).length; if (normChars.slice(i, i + len).join('') === n && len > hit) { hit = len; } });
      if (hit > 0) {
        var mark = document.createElement('mark');
        mark.textContent = chars.slice(i, i + hit).join('');
        element.appendChild(mark);
        i += hit;
      } else {
        var j = i + 1;
        element.appendChild(document.createTextNode(chars[i]));
        i = j;
      }
    }
    if (end < chars.length) { element.appendChild(document.createTextNode('…')); }
    element.normalize();
  }

  function showNext() {
    var batch = ranked.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return fragment(r.id); })).then(function (frags) {
      frags.forEach(function (f) {
        var li = document.createElement('li'), article = document.createElement('article');
        li.className = 'entry';
        var h = document.createElement('h2'), a = document.createElement('a');
        h.className = 'entry-title';
        a.href = f[1];
        a.textContent = f[0];
        h.appendChild(a);
        var m = document.createElement('p');
        m.className = 'entry-meta';
        m.textContent = f[2] + ' · ' + f[3] + ' · ' + f[4];
        var p = document.createElement('p');
        p.className = 'entry-summary';
        snippet(f[5] + ' ' + f[6], p);
        article.appendChild(h);
        article.appendChild(m);
        article.appendChild(p);
        li.appendChild(article);
        list.appendChild(li);
      });
      more.hidden = shown >= ranked.length;
    });
  }

  function run(updateURL) {
    var query = input.value.trim();
    list.textContent = '';
    more.hidden = true;
    if (updateURL) {
      var params = new URLSearchParams();
      if (query) { params.set('q', query); }
      if (topicSelect.value) { params.set('topic', topicSelect.value); }
      if (provinceSelect.value) { params.set('province', provinceSelect.value); }
      history.replaceState(null, '', '?' + params.toString());
    }
    if (!query) { status.textContent = '请输入要搜索的词语。'; return; }
    status.textContent = '正在搜索……';
    loadBasics().then(function () { return search(query); }).then(function (results) {
      ranked = results;
      shown = 0;
      status.textContent = results.length === 0 ? '没有找到与“' + query + '”相关的文章。' : '找到 ' + results.length + ' 篇与“' + query + '”相关的文章。';
      return showNext();
    }).catch(function (e) {
      status.textContent = '搜索出错：' + e.message;
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  topicSelect.value = params.get('topic') || '';
  provinceSelect.value = params.get('province') || '';
  form.addEventListener('submit', function (e) { e.preventDefault(); run(true); });
  topicSelect.addEventListener('change', function () { run(true); });
  provinceSelect.addEventListener('change', function () { run(true); });
  more.addEventListener('click', function () { showNext(); });
  document.documentElement.classList.add('search-ready');
  if (input.value) { run(false); }
}());

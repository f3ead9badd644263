/* 社工新闻 search: reads the static index under search/ (see Sources/SiteCore/Search/SearchIndex.swift
   for the files and SearchUnits.swift for the units, which this mirrors exactly).
   A query's terms are cut into keys that tile them; a key's postings hold its positions, so a
   phrase is found exactly where its tiles lie end to end. Ranking: the whole query as a phrase, then
   every term as a phrase, then every term's pieces present; within each, BM25 with title and place
   hits counting more; the newest first among equals. Result text is only ever set as text. */
(function () {
  'use strict';
  var script = document.currentScript;
  // The index's files (shared by both editions), and where this edition's pages are: a result
  // links into the reader's edition (`/zh-hant/articles/…` from the 繁體版's search page).
  var root = script.getAttribute('data-root');
  var base = script.getAttribute('data-base') || '/', pages = script.getAttribute('data-pages') || base;
  function pageURL(path) { return path.indexOf(base) === 0 ? pages + path.slice(base.length) : path; }
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var topicSelect = document.getElementById('search-topic');
  var provinceSelect = document.getElementById('search-province');
  var sortSelect = document.getElementById('search-sort');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var SEP = '\u00b7', PAGE = 20, K1 = 1.2, B = 0.75;
  // Words shown to the reader come from the page (data-*), in its edition's script: `{q}` and the
  // like are filled in here.
  function say(element, name, values) {
    return (element.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (m, key) { return key in values ? String(values[key]) : m; });
  }
  var cache = {};
  var meta = null, t2s = {}, traditional = null, common = null, lengths = null;
  var ranked = [], shown = 0, highlight = null;

  function fetchFile(path, kind) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ': ' + r.status); }
        return kind === 'json' ? r.json() : kind === 'text' ? r.text() : r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
    }
    return cache[path];
  }

  function loadBasics() {
    if (meta) { return Promise.resolve(); }
    return fetchFile('meta.json', 'json').then(function (m) {
      meta = m;
      traditional = new Uint8Array(meta.trad.length / 2);
      for (var i = 0; i < traditional.length; i++) { traditional[i] = parseInt(meta.trad.substr(i * 2, 2), 16); }
      common = new Set(meta.common);
      var digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
      lengths = new Float64Array(meta.n);
      for (var d = 0; d < meta.n; d++) { lengths[d] = digits.indexOf(meta.len.charAt(d)) * 32 + 16; }
    });
  }

  // The table of Traditional → Simplified pairs, fetched the first time a text (the query, or a
  // result's text to be marked) holds a character that has a Simplified form.
  function withT2S(texts) {
    var needed = texts.some(function (text) {
      for (var i = 0; i < text.length; i++) {
        var c = text.charCodeAt(i) - 0x4E00;
        if (c >= 0 && c < 0x5200 && (traditional[c >> 3] >> (c & 7)) & 1) { return true; }
      }
      return false;
    });
    if (!needed) { return Promise.resolve(); }
    return fetchFile('t2s.txt', 'text').then(function (text) {
      if (Object.keys(t2s).length) { return; }
      var pairs = Array.from(text.trim());
      for (var i = 0; i + 1 < pairs.length; i += 2) { t2s[pairs[i]] = pairs[i + 1]; }
    });
  }

  // ---- Units (SearchUnits.swift) ----

  function isHan(c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
  }

  // One character → its normalised character (Traditional → Simplified, full-width → ASCII, lower case).
  function normalizeChar(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0x4E00 && c < 0xA000 && t2s[ch]) { return t2s[ch]; }
    if (c >= 0xFF01 && c <= 0xFF5E) { c -= 0xFEE0; ch = String.fromCharCode(c); }
    if (c >= 0x41 && c <= 0x5A) { return String.fromCharCode(c + 32); }
    return ch;
  }

  function isDigit(ch) { return ch >= '0' && ch <= '9'; }
  function isLetter(ch) { return ch >= 'a' && ch <= 'z'; }

  // The units of a text: Han characters, words (at most 24 characters), one separator per run of anything else.
  function unitsOf(text) {
    var units = [], word = '';
    function endWord() { if (word) { units.push(word.slice(0, 24)); word = ''; } }
    Array.from(text).forEach(function (raw) {
      var ch = normalizeChar(raw);
      if (isHan(ch.codePointAt(0)) || isDigit(ch)) { endWord(); units.push(ch); }
      else if (isLetter(ch)) { word += ch; }
      else { endWord(); if (units.length && units[units.length - 1] !== SEP) { units.push(SEP); } }
    });
    endWord();
    while (units.length && units[units.length - 1] === SEP) { units.pop(); }
    return units;
  }

  // ---- Keys (SearchIndex.Builder.add) ----

  function gram(units, s, n) { return units.slice(s, s + n).join(''); }

  // Whether the index holds positions for the gram of n units at s.
  function positional(units, s, n) {
    if (n === 2) { return !common.has(gram(units, s, 2)); }
    var extends_ = common.has(gram(units, s, n - 1)) || common.has(gram(units, s + 1, n - 1));
    return extends_ && (n === meta.maxn || !common.has(gram(units, s, n)));
  }

  // Tiles covering the units: the fewest keys with positions, each with its offset (greedy interval
  // cover: from the covered end, the tile starting at or before it that reaches furthest). A single
  // unit, or a common gram no tile covers, is a document-level key: exact for the whole term.
  function tile(units) {
    var L = units.length;
    if (L === 1) { return { exact: true, tiles: [{ key: units[0], offset: 0, positions: false }] }; }
    var candidates = [];
    for (var s = 0; s + 1 < L; s++) {
      for (var n = 2; n <= meta.maxn && s + n <= L; n++) {
        if (n > 2 && !(common.has(gram(units, s, n - 1)) || common.has(gram(units, s + 1, n - 1)))) { break; }
        if (positional(units, s, n)) { candidates.push({ s: s, e: s + n }); }
      }
    }
    var tiles = [], covered = 0;
    while (covered < L) {
      var best = null;
      candidates.forEach(function (c) { if (c.s <= covered && c.e > covered && (!best || c.e > best.e)) { best = c; } });
      if (!best) { break; }
      tiles.push({ key: gram(units, best.s, best.e - best.s), offset: best.s, positions: true });
      covered = best.e;
    }
    if (covered >= L) { return { exact: true, tiles: tiles }; }
    if (L <= meta.maxn && common.has(units.join(''))) {
      return { exact: true, tiles: [{ key: units.join(''), offset: 0, positions: false }] };
    }
    // No exact cover: each common bigram by its documents, the rest by their tiles (a near match).
    var loose = tiles.slice();
    for (var k = 0; k + 1 < L; k++) {
      var g = gram(units, k, 2);
      if (common.has(g)) { loose.push({ key: g, offset: k, positions: false }); }
      else if (!loose.some(function (t) { return t.offset <= k && t.offset + 2 > k + 1; })) { loose.push({ key: g, offset: k, positions: true }); }
    }
    return { exact: false, tiles: loose };
  }

  // ---- Files and postings (SearchIndex's format) ----

  var encoder = new TextEncoder();

  function fnv(bytes) {
    var h = 2166136261;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }

  function fileOf(key) {
    if (Object.prototype.hasOwnProperty.call(meta.big, key)) { return 't/' + meta.big[key] + '.bin'; }
    return 'k/' + (fnv(encoder.encode(key)) % meta.b) + '.bin';
  }

  // The postings of `key` in a file's bytes, decoded: documents, counts, flags and (with positions) positions.
  function postingsOf(bytes, key) {
    var want = encoder.encode(key), i = 0;
    function varint() {
      var v = 0, shift = 0, b;
      do { b = bytes[i++]; v += (b & 0x7F) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
      return v;
    }
    while (i < bytes.length) {
      var keyLength = varint(), keyStart = i;
      i += keyLength;
      var kind = bytes[i++], df = varint(), length = varint(), start = i;
      i += length;
      if (keyLength !== want.length) { continue; }
      var same = true;
      for (var k = 0; k < keyLength && same; k++) { same = bytes[keyStart + k] === want[k]; }
      if (!same) { continue; }
      var docs = new Int32Array(df), counts = new Int32Array(df), flags = new Uint8Array(df), positions = kind === 0 ? [] : null, doc = -1;
      i = start;
      for (var d = 0; d < df; d++) {
        doc += varint() + 1;
        var cf = varint();
        docs[d] = doc; counts[d] = Math.floor(cf / 4); flags[d] = cf & 3;
        if (positions) {
          var list = new Int32Array(counts[d]), p = 0;
          for (var q = 0; q < counts[d]; q++) { p += varint(); list[q] = p; }
          positions.push(list);
        }
      }
      return { df: df, docs: docs, counts: counts, flags: flags, positions: positions, index: new Map(Array.from(docs, function (x, n) { return [x, n]; })) };
    }
    return { df: 0, docs: new Int32Array(0), counts: new Int32Array(0), flags: new Uint8Array(0), positions: [], index: new Map() };
  }

  function has(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (sorted[mid] === value) { return true; } if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid - 1; } }
    return false;
  }

  // ---- Query ----

  // A phrase in quotes ("…" or “…”), standing alone between spaces or the query's ends, must
  // appear as written; everything else, split at spaces, is terms. Quotes inside a term are the
  // text's own punctuation (a copied sentence: 时刻。”柳云社区).
  function parse(query) {
    var parts = [], re = /(?<=^|\s)["“]([^"“”]+)["”](?=\s|$)|\S+/gu, m;
    while ((m = re.exec(query)) !== null) {
      var text = m[1] !== undefined ? m[1] : m[0], units = unitsOf(text);
      if (units.length) { parts.push({ text: text, units: units, quoted: m[1] !== undefined }); }
    }
    return parts.slice(0, 8);
  }

  // A query copied from a text may cut a Latin word at either end ("…的app" from "…的apps"; digits
  // are units of their own, so numbers need none of this): an unquoted part's first and last word units may be partial, so the part's
  // core (without them) decides whether an article matches, and the whole units whether it matches
  // exactly. A core must keep two units, or a single-character query would lose its articles.
  function isWordUnit(u) { return u !== SEP && isLetter(u.charAt(0)); }
  function coreOf(units) {
    var s = 0, e = units.length;
    if (e - s > 1 && isWordUnit(units[s])) { s++; }
    if (e - s > 1 && isWordUnit(units[e - 1])) { e--; }
    while (s < e && units[s] === SEP) { s++; }
    while (e > s && units[e - 1] === SEP) { e--; }
    return e - s >= 2 ? units.slice(s, e) : units;
  }

  // Documents where the tiled units occur as a phrase (all tiles at their offsets from one start).
  function phraseDocs(tiling, postings) {
    var found = new Set();
    if (!tiling.exact) { return found; }
    var lists = tiling.tiles.map(function (t) { return postings.get(t.key); });
    if (lists.some(function (p) { return p.df === 0; })) { return found; }
    if (tiling.tiles.length === 1 && !tiling.tiles[0].positions) { lists[0].docs.forEach(function (d) { found.add(d); }); return found; }
    var anchor = 0;
    lists.forEach(function (p, k) { if (p.df < lists[anchor].df) { anchor = k; } });
    var a = lists[anchor];
    for (var n = 0; n < a.df; n++) {
      var doc = a.docs[n], rows = [];
      var all = lists.every(function (p) { var r = p.index.get(doc); rows.push(r); return r !== undefined; });
      if (!all) { continue; }
      var starts = a.positions[n];
      for (var s = 0; s < starts.length; s++) {
        var start = starts[s] - tiling.tiles[anchor].offset;
        var ok = lists.every(function (p, k) { return has(p.positions[rows[k]], start + tiling.tiles[k].offset); });
        if (ok) { found.add(doc); break; }
      }
    }
    return found;
  }

  // Documents holding every tile (anywhere).
  function presentDocs(tiling, postings) {
    var lists = tiling.tiles.map(function (t) { return postings.get(t.key); });
    lists.sort(function (a, b) { return a.df - b.df; });
    var found = new Set();
    if (!lists.length) { return found; }
    lists[0].docs.forEach(function (doc) { if (lists.every(function (p) { return p.index.has(doc); })) { found.add(doc); } });
    return found;
  }

  // Levels: 4 the whole query as written; 3 the whole query's core (its edge words may be partial);
  // 2 each part as a phrase; 1 all terms present. Level 3 is settled on the articles' texts when
  // few enough hold it (their fragments are those the first page fetches anyway): up to 4 if the
  // text holds the query with the edge words completed, else down to 2.
  var VERIFY = 20;

  function search(query) {
    var parts = parse(query);
    if (!parts.length) { return Promise.resolve({ parts: parts, results: [] }); }
    var whole = [];
    parts.forEach(function (p, k) { if (k) { whole.push(SEP); } whole = whole.concat(p.units); });
    var wholeCore = parts.length === 1 && parts[0].quoted ? whole : coreOf(whole);
    var tilings = parts.map(function (p) { return tile(p.units); });
    var coreTilings = parts.map(function (p, k) { return p.quoted ? tilings[k] : tile(coreOf(p.units)); });
    var wholeTiling = parts.length > 1 ? tile(whole) : tilings[0];
    var wholeCoreTiling = wholeCore.length === whole.length ? wholeTiling : tile(wholeCore);
    var keys = new Set();
    tilings.concat(coreTilings, [wholeTiling, wholeCoreTiling]).forEach(function (t) { t.tiles.forEach(function (x) { keys.add(x.key); }); });
    var postings = new Map(), codes = '';
    var topic = topicSelect.value, province = provinceSelect.value;
    var loads = Array.from(keys).map(function (key) {
      return fetchFile(fileOf(key), 'bin').then(function (bytes) { postings.set(key, postingsOf(bytes, key)); });
    });
    // Each document's province and topics: only a filter needs them.
    if (topic || province) { loads.push(fetchFile('filters.txt', 'text').then(function (text) { codes = text; })); }
    return Promise.all(loads).then(function () {
      var present = coreTilings.map(function (t) { return presentDocs(t, postings); });
      var phrases = tilings.map(function (t) { return phraseDocs(t, postings); });
      var corePhrases = coreTilings.map(function (t, k) { return t === tilings[k] ? phrases[k] : phraseDocs(t, postings); });
      var wholePhrase = parts.length > 1 ? phraseDocs(wholeTiling, postings) : phrases[0];
      var wholeCorePhrase = wholeCoreTiling === wholeTiling ? wholePhrase : phraseDocs(wholeCoreTiling, postings);
      var smallest = present.reduce(function (a, b) { return a.size <= b.size ? a : b; });
      var topicBit = topic === '' ? 0 : 1 << meta.topics.map(function (t) { return t[0]; }).indexOf(topic);
      var provinceCode = province === '' ? -1 : meta.provinces.map(function (p) { return p[0]; }).indexOf(province);
      var tiles = [];
      tilings.forEach(function (t, k) {
        t.tiles.concat(coreTilings[k] === t ? [] : coreTilings[k].tiles).forEach(function (x) { tiles.push(postings.get(x.key)); });
      });
      var results = [];
      smallest.forEach(function (doc) {
        if (!present.every(function (s) { return s.has(doc); })) { return; }
        if (!parts.every(function (p, k) { return !p.quoted || phrases[k].has(doc); })) { return; }
        if (codes) {
          var code = codes.charCodeAt(doc * 2) - 65, mask = parseInt(codes.charAt(doc * 2 + 1), 16);
          if ((provinceCode >= 0 && code !== provinceCode) || (topicBit && !(mask & topicBit))) { return; }
        }
        var level = wholePhrase.has(doc) ? 4 : wholeCorePhrase.has(doc) ? 3
          : corePhrases.every(function (s) { return s.has(doc); }) ? 2 : 1;
        results.push({ id: doc, level: level, score: score(doc, tiles) });
      });
      var unsettled = results.filter(function (r) { return r.level === 3; });
      if (!unsettled.length || unsettled.length > VERIFY) { return results; }
      var written = new RegExp(partPattern(whole), 'u');
      return Promise.all(unsettled.map(function (r) {
        return fetchFile('d/' + r.id + '.json', 'json').then(function (f) {
          return withT2S([f[0], f[8] || '', f[9] || '']).then(function () { return f; });
        }).then(function (f) {
          var text = [f[0], f[3], f[4], f[2], f[5], f[6], f[9], f[7], f[8]].map(function (x) { return normalizedText(x || '').join(''); }).join('\n');
          r.level = written.test(text) ? 4 : 2;
        });
      })).then(function () { return results; });
    }).then(function (results) {
      if (sortSelect.value === 'new') {
        results.sort(function (a, b) { return b.id - a.id; });
      } else {
        results.sort(function (a, b) { return b.level - a.level || b.score - a.score || b.id - a.id; });
      }
      return { parts: parts, results: results };
    });
  }

  // BM25 over the query's keys (rare keys weigh more, term frequency saturates, long documents are
  // normalised), with a bonus for a key in the title or a place name.
  function score(doc, tiles) {
    var total = 0;
    tiles.forEach(function (p) {
      var row = p.index.get(doc);
      if (row === undefined) { return; }
      var idf = Math.log(1 + (meta.n - p.df + 0.5) / (p.df + 0.5)), tf = p.counts[row];
      total += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / meta.avg));
      if (p.flags[row] & 1) { total += idf * 1.5; }
      if (p.flags[row] & 2) { total += idf; }
    });
    return total;
  }

  // ---- Results ----

  // A pattern matching a query part in a text normalised character by character: a separator
  // matches any run of characters that are not units.
  function partPattern(units) {
    return units.map(function (u) {
      return u === SEP ? '[^\\p{Script=Han}a-z0-9]+' : u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('');
  }

  function normalizedText(text) { return Array.from(text).map(normalizeChar); }

  // The passage around the best match (the whole query, else the first term found), every part marked.
  function snippet(text, parts, element) {
    var chars = Array.from(text), norm = normalizedText(text).join('');
    var whole = new RegExp(parts.map(function (p) { return partPattern(p.units); }).join('[^\\p{Script=Han}a-z0-9]*'), 'u');
    var any = new RegExp(parts.map(function (p) { return partPattern(p.units); }).join('|'), 'gu');
    var m = whole.exec(norm) || new RegExp(any.source, 'u').exec(norm);
    var at = m ? Array.from(norm.slice(0, m.index)).length : 0;
    var start = Math.max(0, at - 30), end = Math.min(chars.length, start + 110);
    if (start > 0) { element.appendChild(document.createTextNode('…')); }
    var part = chars.slice(start, end), normPart = normalizedText(part.join('')).join(''), last = 0, hit;
    any.lastIndex = 0;
    var offsets = [];
    while ((hit = any.exec(normPart)) !== null && hit[0].length) { offsets.push([hit.index, hit.index + hit[0].length]); }
    // Offsets are UTF-16 units of the normalised passage: normalising maps each character to one of
    // the same length, so they hold in the original.
    var original = part.join('');
    offsets.forEach(function (o) {
      if (o[0] > last) { element.appendChild(document.createTextNode(original.slice(last, o[0]))); }
      var mark = document.createElement('mark');
      mark.textContent = original.slice(o[0], o[1]);
      element.appendChild(mark);
      last = o[1];
    });
    if (last < original.length) { element.appendChild(document.createTextNode(original.slice(last))); }
    if (end < chars.length) { element.appendChild(document.createTextNode('…')); }
  }

  // Shows the next twenty results, each as soon as its fragment and those before it have arrived
  // (on a slow connection the first result appears long before the twentieth).
  function showNext() {
    var batch = ranked.slice(shown, shown + PAGE);
    shown += batch.length;
    var pending = batch.map(function (r) {
      return fetchFile('d/' + r.id + '.json', 'json').then(function (f) {
        return withT2S([f[0], f[8] || '', f[9] || '']).then(function () { return f; });
      });
    }), asked = generation;
    return pending.reduce(function (previous, fragment) {
      // A newer query has cleared the list: its results are not this one's.
      return previous.then(function () { return fragment; }).then(function (f) { if (asked === generation) { showResult(f); } });
    }, Promise.resolve()).then(function () { if (asked === generation) { more.hidden = shown >= ranked.length; } });
  }

  function showResult(f) {
    var li = document.createElement('li'), article = document.createElement('article');
    li.className = 'entry';
    var h = document.createElement('h2'), a = document.createElement('a');
    h.className = 'entry-title';
    a.href = pageURL(f[1]);
    a.textContent = f[0];
    h.appendChild(a);
    var m = document.createElement('p');
    m.className = 'entry-meta';
    m.textContent = [f[2], f[3], f[4]].filter(Boolean).join(' · ');
    var p = document.createElement('p');
    p.className = 'entry-summary';
    snippet((f[9] ? f[9] + '\n' : '') + (f[8] || f[0]), highlight, p);
    article.appendChild(h);
    article.appendChild(m);
    article.appendChild(p);
    li.appendChild(article);
    list.appendChild(li);
  }

  var generation = 0;

  // Nothing found: shorter searches that do find something (each term alone; a long phrase's
  // halves; the query without its filters), then the 栏目 and the provinces, those the query
  // names first. Candidates are searched one after another, at most four.
  var suggestBox = document.getElementById('search-suggest');
  function suggest(query, asked) {
    var terms = query.split(/\s+/).filter(Boolean), candidates = [];
    if (terms.length > 1) { candidates = terms.slice(0, 3); }
    else if (Array.from(query).length >= 4) {
      var chars = Array.from(query), half = Math.ceil(chars.length / 2);
      candidates = [chars.slice(0, half).join(''), chars.slice(half).join('')];
    }
    var filtered = topicSelect.value || provinceSelect.value;
    var found = [];
    var chain = candidates.reduce(function (previous, candidate) {
      return previous.then(function () {
        return withT2S([candidate]).then(function () { return search(candidate); }).then(function (answer) {
          if (answer.results.length) { found.push({ q: candidate, n: answer.results.length }); }
        });
      });
    }, Promise.resolve());
    return chain.then(function () {
      if (asked !== generation) { return; }
      var termList = suggestBox.querySelector('#suggest-terms ul');
      termList.textContent = '';
      function link(q, label, keepFilters) {
        var params = new URLSearchParams();
        params.set('q', q);
        if (keepFilters && topicSelect.value) { params.set('topic', topicSelect.value); }
        if (keepFilters && provinceSelect.value) { params.set('province', provinceSelect.value); }
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = '?' + params.toString();
        a.textContent = label;
        li.appendChild(a);
        termList.appendChild(li);
      }
      found.forEach(function (f) { link(f.q, say(suggestBox, 'count', { q: f.q, n: f.n }), true); });
      if (filtered) { link(query, say(suggestBox, 'everywhere', { q: query }), false); }
      suggestBox.querySelector('#suggest-terms').hidden = termList.children.length === 0;
      // Provinces the query names (浙江 for 浙江省) move to the front.
      var regions = suggestBox.querySelector('#suggest-regions');
      Array.from(regions.querySelectorAll('a[data-name]')).forEach(function (a) {
        var name = a.getAttribute('data-name').replace(/(省|市|自治区|自治區|特别行政区|特別行政區|壮族|壯族|回族|维吾尔|維吾爾)+$/, '');
        if (name && query.indexOf(name) >= 0) { regions.insertBefore(a.parentNode, regions.firstChild); }
      });
      suggestBox.hidden = false;
    });
  }

  function run(updateURL) {
    generation++;
    var query = input.value.trim();
    list.textContent = '';
    more.hidden = true;
    suggestBox.hidden = true;
    if (updateURL) {
      var params = new URLSearchParams();
      if (query) { params.set('q', query); }
      if (topicSelect.value) { params.set('topic', topicSelect.value); }
      if (provinceSelect.value) { params.set('province', provinceSelect.value); }
      if (sortSelect.value) { params.set('sort', sortSelect.value); }
      history.replaceState(null, '', '?' + params.toString());
    }
    if (!query) { status.textContent = say(status, 'empty', {}); return; }
    status.textContent = say(status, 'busy', {});
    var asked = generation;
    loadBasics().then(function () { return withT2S([query]); }).then(function () { return search(query); }).then(function (answer) {
      if (asked !== generation) { return; }
      ranked = answer.results;
      highlight = answer.parts;
      shown = 0;
      list.setAttribute('data-count', String(ranked.length));
      if (new URLSearchParams(location.search).get('ranked') === '1') {
        list.setAttribute('data-ranked', ranked.map(function (r) { return r.id + ':' + r.level; }).join(','));
      }
      var order = say(status, sortSelect.value === 'new' ? 'by-date' : 'by-relevance', {});
      status.textContent = ranked.length === 0 ? say(status, 'none', { q: query }) : say(status, 'found', { n: ranked.length, q: query, order: order });
      if (ranked.length === 0) { return suggest(query, asked); }
      return showNext();
    }).catch(function (e) {
      status.textContent = say(status, 'failed', { e: e.message });
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  topicSelect.value = params.get('topic') || '';
  provinceSelect.value = params.get('province') || '';
  sortSelect.value = params.get('sort') || '';
  form.addEventListener('submit', function (e) { e.preventDefault(); run(true); });
  topicSelect.addEventListener('change', function () { run(true); });
  provinceSelect.addEventListener('change', function () { run(true); });
  sortSelect.addEventListener('change', function () { run(true); });
  more.addEventListener('click', function () { showNext(); });
  document.documentElement.classList.add('search-ready');
  if (input.value) { run(false); }
}());

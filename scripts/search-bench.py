#!/usr/bin/env python3
"""What search costs a reader and how it ranks, measured through the real search page in headless Chromium.

    scripts/search-bench.py SITE_DIR QUERY...             # the given queries
    scripts/search-bench.py SITE_DIR --random N [--seed S] [--length L]
                                                          # N phrases of L characters cut from articles

Serves SITE_DIR (a built site, served at its root: build with base_url "/" or pass --base /news/) on
127.0.0.1, loads /search/?q=… for each query and reads back the whole ranking (search.js writes it to
the result list when the URL has ranked=1). For each query it prints the results, the bytes fetched
(gzip-compressed as a host sends them, the search page itself and its script excluded) and, from the
indexed texts in search/d/, which results hold the query as a phrase (a run of punctuation or spaces in
the query matching any such run), whether every one of them ranks above every result that does not,
and how many of the first 5 hold it. With --random it also prints the worst and median bytes.
"""
import argparse, gzip, http.server, json, os, random, re, socketserver, subprocess, sys, threading, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("site")
ap.add_argument("queries", nargs="*")
ap.add_argument("--random", type=int, default=0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--length", type=int, default=8)
ap.add_argument("--base", default="/")
args = ap.parse_args()
site = args.site

t2s = {}
pairs = open(os.path.join(site, "search/t2s.txt"), encoding="utf-8").read().strip()
for i in range(0, len(pairs) - 1, 2):
    t2s[pairs[i]] = pairs[i + 1]
meta = json.load(open(os.path.join(site, "search/meta.json"), encoding="utf-8"))

def is_han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF

def norm(c):
    c = t2s.get(c, c)
    if 0xFF01 <= ord(c) <= 0xFF5E:
        c = chr(ord(c) - 0xFEE0)
    return c.lower() if c.isascii() else c

def units(text):
    """The units of a text as one string: Han characters and words as they are, one `·` per run of anything else."""
    out = re.sub(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffffa-z0-9]+", "·", "".join(norm(c) for c in text))
    return out.strip("·")

def fragment(d):
    return json.load(open(os.path.join(site, "search/d/%d.json" % d), encoding="utf-8"))

indexed = {}
def holds(d, phrase):
    if d not in indexed:
        f = fragment(d)
        indexed[d] = "\u0000".join(units(x) for x in [f[0], f[3], f[4], f[2], f[5], f[6], f[9], f[7], f[8]])
    return phrase in indexed[d]

fetched = []
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=site, **k)
    def log_message(self, *a): pass
    def translate_path(self, path):
        if args.base != "/" and path.startswith(args.base):
            path = "/" + path[len(args.base):]
        return super().translate_path(path)
    def copyfile(self, src, dst):
        data = src.read()
        fetched.append((self.path, len(gzip.compress(data, 6))))
        dst.write(data)

server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]

queries = list(args.queries)
if args.random:
    rng = random.Random(args.seed)
    while len(queries) < args.random:
        d = rng.randrange(meta["n"])
        paragraphs = [p for p in fragment(d)[8].split("\n") if len(p) > args.length + 4]
        if not paragraphs:
            continue
        p = rng.choice(paragraphs)
        i = rng.randrange(len(p) - args.length)
        q = p[i:i + args.length].strip()
        if len(units(q)) >= 2 and q not in queries:
            queries.append(q)

rows = []
try:
    for q in queries:
        fetched.clear()
        url = f"http://127.0.0.1:{port}{args.base}search/?ranked=1&q=" + urllib.parse.quote(q)
        dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=60000",
                              "--dump-dom", url], capture_output=True, text=True, timeout=300).stdout
        kb = sum(n for p, n in fetched if not re.search(r"/search/(\?|$)|\.js$", p)) / 1024
        count = re.search(r'data-count="(\d+)"', dom)
        ranking = re.search(r'data-ranked="([^"]*)"', dom)
        ids = [int(x.split(":")[0]) for x in ranking.group(1).split(",")] if ranking and ranking.group(1) else []
        phrase = units(q)
        holding = [holds(d, phrase) for d in ids]
        first_miss = holding.index(False) if False in holding else len(holding)
        ordered = not any(holding[first_miss:])
        top5 = sum(holding[:5])
        rows.append((q, len(ids), sum(holding), ordered, top5, kb))
        print(f"{q!r}: {count.group(1) if count else 'no answer'} results, {sum(holding)} hold the phrase, "
              f"{'all of them first' if ordered else 'NOT all first'}, {top5} of the first 5, {kb:.0f} KB gzip")
finally:
    server.shutdown()

if len(rows) > 1:
    sizes = sorted(r[5] for r in rows)
    print(f"{len(rows)} queries: holders ranked first in {sum(r[3] for r in rows)}; bytes median {sizes[len(sizes) // 2]:.0f} KB, "
          f"worst {sizes[-1]:.0f} KB; first-5 holding the phrase: {sum(r[4] for r in rows)} of {sum(min(5, r[2]) for r in rows)} possible")

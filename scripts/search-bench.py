#!/usr/bin/env python3
"""What search costs a reader and how it ranks, measured through the real search page in headless Chromium.

    scripts/search-bench.py SITE_DIR QUERY...             # the given queries
    scripts/search-bench.py SITE_DIR --random N [--seed S] [--length L]
                                                          # N phrases of L characters cut from articles
    options: --throttle               DevTools network emulation: 1.6 Mbps down, 150 ms RTT
             --pagefind INDEXED_DIR   the same queries through Pagefind, over a copy of SITE_DIR that
                                      `python3 -m pagefind --site INDEXED_DIR` indexed

Serves SITE_DIR (a built site, served at its root: build with base_url "/" or pass --base /news/) on
127.0.0.1 and drives Chromium through chromedriver (Debian `chromium-driver`, PyPI `selenium`), with the
browser cache off so every query pays for what it fetches. It loads /search/?q=… for each query and reads
back the whole ranking (search.js writes it to the result list when the URL has ranked=1). For each query
it prints the results, the bytes fetched (gzip-compressed as a host sends them; the search page and
its script excluded, Pagefind's script and WebAssembly included), the time from the page's navigation
to the first result on screen, and, from the indexed texts in search/d/, which results hold the query
as a phrase (a run of punctuation or spaces in the query matching any such run): whether every one of
them ranks above every result that does not, and how many of the first 5 hold it.
"""
import argparse, gzip, http.server, json, os, random, re, socketserver, statistics, sys, threading, time, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("site")
ap.add_argument("queries", nargs="*")
ap.add_argument("--random", type=int, default=0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--length", type=int, default=8)
ap.add_argument("--base", default="/")
ap.add_argument("--throttle", action="store_true")
ap.add_argument("--pagefind")
ap.add_argument("--verbose", action="store_true", help="list each file fetched, KB gzip")
args = ap.parse_intermixed_args()
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

urls = {}
def doc_of_url(url):
    """Our document number of an article URL (for Pagefind's results)."""
    if not urls:
        for name in os.listdir(os.path.join(site, "search/d")):
            d = int(name.split(".")[0])
            urls[fragment(d)[1]] = d
    return urls.get(url)

fetched = []
def serve(root):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
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
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

PAGEFIND_PAGE = "__pagefind_query.html"
if args.pagefind:
    with open(os.path.join(args.pagefind, PAGEFIND_PAGE), "w", encoding="utf-8") as f:
        f.write("""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><ol id="r"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
const r = await pagefind.search(q);
const data = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
const list = document.getElementById("r");
list.innerHTML = data.map(d => `<li data-url="${d.url}"></li>`).join("");
list.setAttribute("data-count", String(r.results.length));
</script></body></html>""")

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait
options = webdriver.ChromeOptions()
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
driver.execute_cdp_cmd("Network.enable", {})
driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
if args.throttle:
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
# The moment the first result appears, in ms since navigation start, kept on the page.
driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
new MutationObserver(function (_, observer) {
  var list = document.getElementById('search-results') || document.getElementById('r');
  if (list && (list.querySelector('li') || list.hasAttribute('data-count'))) {
    window.__first = performance.now(); observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true, attributes: true});"""})

def run(port, path, q, counted):
    """Load one query page; return (count, ranking or top URLs, KB fetched, ms to the first result)."""
    fetched.clear()
    driver.get(f"http://127.0.0.1:{port}{path}" + urllib.parse.quote(q))
    WebDriverWait(driver, 120, 0.05).until(lambda d: d.execute_script(
        "var l = document.getElementById('search-results') || document.getElementById('r');"
        "return l && l.hasAttribute('data-count') && window.__first !== undefined"))
    count, ranked, tops, first = driver.execute_script(
        "var l = document.getElementById('search-results') || document.getElementById('r');"
        "return [l.getAttribute('data-count'), l.getAttribute('data-ranked'),"
        " Array.from(l.querySelectorAll('li[data-url]')).map(function (x) { return x.getAttribute('data-url'); }),"
        " window.__first]")
    # Until the first page of results is complete, and nothing more has arrived for a moment.
    WebDriverWait(driver, 120, 0.05).until(lambda d: d.execute_script(
        "var l = document.getElementById('search-results');"
        "return !l || l.querySelectorAll('li').length >= Math.min(20, +l.getAttribute('data-count'))"))
    settled = -1
    while settled != len(fetched):
        settled = len(fetched)
        time.sleep(0.3)
    kb = sum(n for p, n in fetched if counted(p)) / 1024
    if args.verbose:
        print("  " + ", ".join(f"{p} {n / 1024:.1f}" for p, n in fetched if counted(p)))
    return int(count), ranked, tops, kb, first

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

ours_server = serve(site)
peer_server = serve(args.pagefind) if args.pagefind else None
rows, peer_rows = [], []
try:
    for q in queries:
        phrase = units(q)
        count, ranked, _, kb, first = run(ours_server.server_address[1], f"{args.base}search/?ranked=1&q=", q,
                                          lambda p: not re.search(r"/search/(\?|$)|\.js$", p))
        ids = [int(x.split(":")[0]) for x in ranked.split(",")] if ranked else []
        holding = [holds(d, phrase) for d in ids]
        first_miss = holding.index(False) if False in holding else len(holding)
        ordered = not any(holding[first_miss:])
        top5 = sum(holding[:5])
        rows.append((q, len(ids), sum(holding), ordered, top5, kb, first))
        line = (f"{q!r}: {count} results, {sum(holding)} hold the phrase, "
                f"{'all of them first' if ordered else 'NOT all first'}, {top5} of the first 5, {kb:.0f} KB gzip, "
                f"first result {first / 1000:.2f} s")
        if peer_server:
            pcount, _, tops, pkb, pfirst = run(peer_server.server_address[1], f"/{PAGEFIND_PAGE}?q=", q,
                                              lambda p: PAGEFIND_PAGE not in p)
            ptop5 = sum(1 for u in tops if (d := doc_of_url(u)) is not None and holds(d, phrase))
            peer_rows.append((q, pcount, ptop5, pkb, pfirst))
            line += f" | pagefind: {pcount} results, {ptop5} of the first 5 hold it, {pkb:.0f} KB gzip, first result {pfirst / 1000:.2f} s"
        print(line, flush=True)
finally:
    driver.quit()
    ours_server.shutdown()
    if peer_server:
        peer_server.shutdown()
        os.remove(os.path.join(args.pagefind, PAGEFIND_PAGE))

if len(rows) > 1:
    def spread(xs):
        xs = sorted(xs)
        return f"median {statistics.median(xs):.0f}, worst {xs[-1]:.0f}"
    print(f"ours, {len(rows)} queries: holders ranked first in {sum(r[3] for r in rows)}; "
          f"first-5 holding the phrase {sum(r[4] for r in rows)} of {sum(min(5, r[2]) for r in rows)} possible; "
          f"KB gzip {spread(r[5] for r in rows)}; ms to first result {spread(r[6] for r in rows)}")
    if peer_rows:
        print(f"pagefind, {len(peer_rows)} queries: first-5 holding the phrase {sum(r[2] for r in peer_rows)}; "
              f"KB gzip {spread(r[3] for r in peer_rows)}; ms to first result {spread(r[4] for r in peer_rows)}")

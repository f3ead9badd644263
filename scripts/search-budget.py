#!/usr/bin/env python3
"""What a search costs a reader: the files search.js fetches for a query, raw and gzip-compressed.

    scripts/search-budget.py Public "社工 养老" [--base-path /]

Mirrors search.js: meta.json and t2s.txt, one bucket file per token per segment, and the fragment
chunks of the first 20 results (newest first among equal matches, as the page ranks them).
"""
import gzip, json, math, os, sys

def fnv(token):
    h = 2166136261
    for b in token.encode():
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h

def is_han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF

def main():
    root, query = sys.argv[1], sys.argv[2]
    search = os.path.join(root, "search")
    t2s = {}
    pairs = open(os.path.join(search, "t2s.txt"), encoding="utf-8").read().strip()
    for i in range(0, len(pairs) - 1, 2):
        t2s[pairs[i]] = pairs[i + 1]
    meta = json.load(open(os.path.join(search, "meta.json"), encoding="utf-8"))
    files = ["meta.json", "t2s.txt"]
    terms = []
    for term in query.split():
        chars = [t2s.get(c, c).lower() for c in term]
        tokens, prev, word, singles = [], None, "", []
        for c in chars + [" "]:
            if is_han(c):
                if word: tokens.append(word); word = ""
                singles.append(c)
                if prev: tokens.append(prev + c)
                prev = c
            elif c.isascii() and c.isalnum():
                prev = None; word += c
            else:
                prev = None
                if word: tokens.append(word); word = ""
        terms.append([(t, False) for t in dict.fromkeys(tokens)] or ([(singles[0], True)] if len(singles) == 1 else []))
    segments = max(1, math.ceil(meta["n"] / meta["seg"]))
    matches = {}
    for s in range(segments):
        for ti, tokens in enumerate(terms):
            docsets = []
            for token, character in tokens:
                path = f"{'u' if character else 'i'}/{s}/{fnv(token) % (meta['u'] if character else meta['b'])}.json"
                files.append(path)
                postings = json.load(open(os.path.join(search, path), encoding="utf-8")).get(token, "")
                ids, d = set(), -1
                for part in filter(None, postings.split(",")):
                    d += int(part.rstrip("!"), 36)
                    ids.add(s * meta["seg"] + d)
                docsets.append(ids)
            for d in set.intersection(*docsets) if docsets else []:
                matches[d] = matches.get(d, 0) + 1
    top = sorted(matches, key=lambda d: (-matches[d], -d))[:20]
    files += sorted({f"f/{d // meta['chunk']}.json" for d in top})
    files = list(dict.fromkeys(files))
    raw = sum(os.path.getsize(os.path.join(search, f)) for f in files)
    packed = sum(len(gzip.compress(open(os.path.join(search, f), "rb").read(), 6)) for f in files)
    print(f"query {query!r}: {len(matches)} matches, {len(files)} files, {raw / 1024:.1f} KiB raw, {packed / 1024:.1f} KiB gzip")

main()

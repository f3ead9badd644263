#!/usr/bin/env python3
"""Checks a built site: no broken internal link, every page reachable from the home page,
every Atom feed and sitemap well-formed.

    scripts/check-site.py Public [--base-path /news/]

Prints one summary line; exits 1 if anything is wrong. Python 3 standard library only.
"""
import argparse
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

LINK = re.compile(r'(?:href|src)="([^"]*)"')
ATOM = "{http://www.w3.org/2005/Atom}"


def target(root, path):
    path = urllib.parse.unquote(path.split("#", 1)[0].split("?", 1)[0])
    return os.path.join(root, path + "index.html" if path == "" or path.endswith("/") else path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--base-path", default="/")
    args = ap.parse_args()
    root, base = args.root, args.base_path
    problems, pages, links_checked = [], [], 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if name.endswith(".html"):
                pages.append(rel)
    outgoing = {}
    for rel in pages:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            html = f.read()
        links = [l.replace("&amp;", "&")[len(base):] for l in LINK.findall(html) if l.startswith(base)]
        outgoing[rel] = links
        for link in links:
            links_checked += 1
            if not os.path.exists(target(root, link)):
                problems.append(f"broken link in {rel}: {base}{link}")
    # Reachability from the home page.
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        page = queue.pop()
        for link in outgoing.get(page, []):
            t = os.path.relpath(target(root, link), root)
            if t.endswith(".html") and t not in seen:
                seen.add(t)
                queue.append(t)
    unreachable = [p for p in pages if p not in seen and p != "404.html"]
    problems += [f"not reachable from the home page: {p}" for p in unreachable]
    feeds = entries = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".xml"):
                continue
            path = os.path.join(dirpath, name)
            try:
                tree = ET.parse(path)
            except ET.ParseError as e:
                problems.append(f"{path}: {e}")
                continue
            if tree.getroot().tag == ATOM + "feed":
                feeds += 1
                entries += len(tree.getroot().findall(ATOM + "entry"))
                for link in tree.getroot().iter(ATOM + "link"):
                    if not re.match(r"https?://", link.get("href", "")):
                        problems.append(f"{path}: relative link {link.get('href')}")
    for p in problems[:50]:
        print(p, file=sys.stderr)
    print(f"{len(pages)} pages, {links_checked} internal links, {len(seen)} reachable from home, "
          f"{feeds} feeds ({entries} entries): {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

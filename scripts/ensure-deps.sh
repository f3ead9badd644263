#!/usr/bin/env bash
# Installs the system libraries the generator links against, if they are missing.
# Debian/Ubuntu: libcmark-dev (CommonMark in C), libyaml-dev (YAML in C, for front matter),
# libssl-dev (SHA-256 for SHA256SUMS), libvips-dev (photos: resized, upright, without metadata),
# libqrencode-dev (the QR code of an article's URL), fonts-noto-cjk (the share card's Chinese text),
# libopencc-dev (Traditional → Simplified) and
# libxml2-dev (HTML pages), both for `build-site import`. Uses sudo when not run as root.
set -euo pipefail
missing=()
pkg-config --exists libcmark 2>/dev/null || missing+=(libcmark-dev)
pkg-config --exists yaml-0.1 2>/dev/null || missing+=(libyaml-dev)
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
pkg-config --exists opencc 2>/dev/null || missing+=(libopencc-dev)
pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
pkg-config --exists vips 2>/dev/null || missing+=(libvips-dev)
pkg-config --exists libqrencode 2>/dev/null || missing+=(libqrencode-dev)
# The share card's font (Chinese text through Pango).
fc-list 2>/dev/null | grep -q 'Noto Sans CJK SC' || missing+=(fonts-noto-cjk)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
echo "Installing ${missing[*]} ..." >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

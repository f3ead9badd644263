/// A fast reader for the front matter nearly every article has — `key: value` lines whose values
/// are plain or simply double-quoted scalars, a flow list `[a, b]` or a block list of such scalars —
/// giving the same nodes and positions as the YAML parser. Anything else (comments, escapes,
/// single quotes, multi-line scalars, anchors, nesting, repeated keys, empty values) returns nil
/// and the full YAML parser reads the file instead, with its own error messages.
///
/// Why: the YAML parser was a quarter of loading time for 10,000 articles, for a dozen lines each.
package enum PlainFrontMatter {
    package static func parse(_ yaml: String, firstLine: Int) -> YAMLNode? {
        var text = yaml
        return text.withUTF8 { parse($0, firstLine: firstLine) }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>, firstLine: Int) -> YAMLNode? {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var keys: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var lineStart = 0
        var line = firstLine
        // A key whose value is a block list still being read.
        var pendingKey: YAMLNode?
        var pendingItems: [YAMLNode] = []
        var pendingIndent = -1

        func finishPending() -> Bool {
            guard let key = pendingKey else { return true }
            guard !pendingItems.isEmpty else { return false }  // an empty value: leave it to the parser
            // The list stands where its first "-" does.
            pairs.append((key, YAMLNode(value: .sequence(pendingItems), line: pendingItems[0].line, column: pendingIndent + 1)))
            pendingKey = nil
            pendingItems = []
            pendingIndent = -1
            return true
        }

        while lineStart < b.count {
            var lineEnd = lineStart
            while lineEnd < b.count && b[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1; line += 1 }
            var end = lineEnd
            while end > lineStart && b[end - 1] == 0x20 { end -= 1 }
            if end == lineStart { continue }  // blank line
            var indent = 0
            while lineStart + indent < end && b[lineStart + indent] == 0x20 { indent += 1 }
            let first = lineStart + indent
            if b[first] == 0x2D && first + 1 < end && b[first + 1] == 0x20 {
                // "- item" of a block list.
                guard pendingKey != nil, pendingIndent == -1 || pendingIndent == indent else { return nil }
                pendingIndent = indent
                var start = first + 2
                while start < end && b[start] == 0x20 { start += 1 }
                guard let item = scalar(b, start, end, line: line, column: column(b, lineStart, start), flow: false) else { return nil }
                pendingItems.append(item)
                continue
            }
            guard indent == 0, finishPending() else { return nil }
            // key: value
            var colon = first
            while colon < end && b[colon] != 0x3A { colon += 1 }
            guard colon < end, colon > first, isKey(b, first, colon), colon + 1 == end || b[colon + 1] == 0x20 else { return nil }
            let keyBytes = b[first..<colon]
            guard !keys.contains(where: { $0.elementsEqual(keyBytes) }) else { return nil }
            keys.append(keyBytes)
            let key = YAMLNode(value: .scalar(String(decoding: keyBytes, as: UTF8.self), plain: true), line: line, column: 1)
            var start = colon + 1
            while start < end && b[start] == 0x20 { start += 1 }
            if start == end {
                pendingKey = key
                continue
            }
            let value: YAMLNode
            if b[start] == 0x5B {
                guard let list = flowList(b, start, end, line: line, lineStart: lineStart) else { return nil }
                value = list
            } else {
                guard let s = scalar(b, start, end, line: line, column: column(b, lineStart, start), flow: false) else { return nil }
                value = s
            }
            pairs.append((key, value))
        }
        guard finishPending(), !pairs.isEmpty else { return nil }
        return YAMLNode(value: .mapping(pairs), line: pairs[0].key.line, column: 1)
    }

    /// False where the YAML parser sees a line break (U+0085, U+2028, U+2029) or a character it
    /// does not accept in a scalar (C1 controls, U+FEFF, U+FFFE, U+FFFF), at the byte `i` leading it.
    @inline(__always)
    private static func printable(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        let x = b[i]
        guard x == 0xC2 || x == 0xE2 || x == 0xEF, i + 2 <= end else { return true }
        let y = b[i + 1]
        if x == 0xC2 { return y >= 0xA0 }
        guard i + 2 < end else { return true }
        let z = b[i + 2]
        if x == 0xE2 { return !(y == 0x80 && (z == 0xA8 || z == 0xA9)) }
        return !((y == 0xBB && z == 0xBF) || (y == 0xBF && (z == 0xBE || z == 0xBF)))
    }

    /// The 1-based column of byte `position`, in characters as the YAML parser counts them.
    private static func column(_ b: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ position: Int) -> Int {
        var n = 1
        for i in lineStart..<position where b[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    private static func isKey(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for i in start..<end {
            let c = b[i]
            let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || (i > start && ((c >= 0x30 && c <= 0x39) || c == 0x2D))
            if !ok { return false }
        }
        return true
    }

    /// `[a, b, c]` of plain items on one line.
    private static func flowList(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int, lineStart: Int) -> YAMLNode? {
        guard b[end - 1] == 0x5D else { return nil }
        var items: [YAMLNode] = []
        var i = start + 1
        let close = end - 1
        while true {
            while i < close && b[i] == 0x20 { i += 1 }
            if i == close { break }
            var itemEnd = i
            while itemEnd < close && b[itemEnd] != 0x2C { itemEnd += 1 }
            var trimmed = itemEnd
            while trimmed > i && b[trimmed - 1] == 0x20 { trimmed -= 1 }
            guard trimmed > i, let item = scalar(b, i, trimmed, line: line, column: column(b, lineStart, i), flow: true) else { return nil }
            items.append(item)
            if itemEnd == close { break }
            i = itemEnd + 1
        }
        guard !items.isEmpty else { return nil }
        return YAMLNode(value: .sequence(items), line: line, column: column(b, lineStart, start))
    }

    /// A plain scalar, or a double-quoted one without escapes, filling `start..<end` (trailing
    /// spaces already trimmed).
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int, column: Int, flow: Bool) -> YAMLNode? {
        guard start < end else { return nil }
        let c = b[start]
        if c == 0x22 {
            guard end - start >= 2, b[end - 1] == 0x22 else { return nil }
            for i in (start + 1)..<(end - 1) where b[i] == 0x22 || b[i] == 0x5C || b[i] < 0x20 || b[i] == 0x7F || !printable(b, i, end) { return nil }
            return YAMLNode(value: .scalar(String(decoding: b[(start + 1)..<(end - 1)], as: UTF8.self), plain: false), line: line, column: column)
        }
        // Indicators that cannot start a plain scalar (or change its meaning).
        switch c {
        case 0x2D, 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x25, 0x40, 0x60, 0x20:
            // "-" and ":" may start a plain scalar when no space follows ("-5", "2022-…" start with digits anyway).
            return nil
        default: break
        }
        for i in start..<end {
            let x = b[i]
            if x < 0x20 || x == 0x7F { return nil }  // tabs and control characters
            if x == 0x3A && (i + 1 == end || b[i + 1] == 0x20 || (flow && (b[i + 1] == 0x2C || b[i + 1] == 0x5D))) { return nil }
            if x == 0x23 && b[i - 1] == 0x20 { return nil }  // a comment
            if flow && (x == 0x5B || x == 0x5D || x == 0x7B || x == 0x7D || x == 0x2C) { return nil }
            if !printable(b, i, end) { return nil }
        }
        return YAMLNode(value: .scalar(String(decoding: b[start..<end], as: UTF8.self), plain: true), line: line, column: column)
    }
}

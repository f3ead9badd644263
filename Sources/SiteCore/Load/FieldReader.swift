/// Reads typed values out of a YAML mapping, recording a diagnostic for every key that is
/// missing, duplicated or of the wrong type, so one pass reports all of a file's problems.
package struct FieldReader {
    package let file: String
    package let mapping: [(key: YAMLNode, value: YAMLNode)]
    /// Where "key is missing" errors point: the front matter's first line.
    package let missingKeyLocation: SourceLocation
    package private(set) var diagnostics: [Diagnostic] = []
    private var index: [String: Int] = [:]

    package init(file: String, node: YAMLNode, missingKeyLocation: SourceLocation, what: String) {
        self.file = file
        self.missingKeyLocation = missingKeyLocation
        if case .mapping(let pairs) = node.value {
            mapping = pairs
        } else {
            mapping = []
            diagnostics.append(.error(node.location(in: file),
                                      "expected \(what) as a mapping of keys (key: value), found \(node.kindDescription)"))
        }
        for (i, pair) in mapping.enumerated() {
            guard let key = pair.key.scalarText else {
                diagnostics.append(.error(pair.key.location(in: file), "expected a plain key name, found \(pair.key.kindDescription)"))
                continue
            }
            if let first = index[key] {
                diagnostics.append(.error(pair.key.location(in: file),
                                          "duplicate key '\(key)': it is already set on line \(mapping[first].key.line)"))
            } else {
                index[key] = i
            }
        }
    }

    package var keys: [String] { mapping.compactMap(\.key.scalarText) }

    package func node(_ key: String) -> YAMLNode? {
        guard let i = index[key] else { return nil }
        let value = mapping[i].value
        return value.isNull ? nil : value
    }

    package func keyNode(_ key: String) -> YAMLNode? {
        index[key].map { mapping[$0].key }
    }

    package mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    package mutating func error(at node: YAMLNode, _ message: String) {
        diagnostics.append(.error(node.location(in: file), message))
    }

    /// A single text value. A missing required key is reported at the front matter's first line.
    package mutating func string(_ key: String, required: Bool, example: String) -> (String, YAMLNode)? {
        guard let node = node(key) else {
            if required {
                if let keyNode = keyNode(key) {
                    diagnostics.append(.error(keyNode.location(in: file), "'\(key)' is empty: expected text, e.g. \(key): \(example)"))
                } else {
                    diagnostics.append(.error(missingKeyLocation, "missing required key '\(key)': expected e.g. \(key): \(example)"))
                }
            }
            return nil
        }
        guard case .scalar(let text, _) = node.value else {
            error(at: node, "'\(key)' must be text, found \(node.kindDescription): expected e.g. \(key): \(example)")
            return nil
        }
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty {
            if required { error(at: node, "'\(key)' is empty: expected text, e.g. \(key): \(example)") }
            return nil
        }
        if let control = TerminalText.firstControl(in: trimmed, allowingNewlines: key == "summary") {
            error(at: node, "'\(key)' holds the invisible control character \(control): remove it")
            return nil
        }
        return (trimmed, node)
    }

    /// `true` or `false` (also yes/no and on/off, which editors coming from YAML 1.1 write).
    package mutating func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let text, let plain) = node.value, plain else {
            error(at: node, "'\(key)' must be true or false, found \(node.kindDescription)")
            return nil
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(at: node, "'\(key)' must be true or false, found '\(text)'")
            return nil
        }
    }

    /// A whole number within `range`.
    package mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let text, _) = node.value, let n = Int(text.trimmingWhitespace()), range.contains(n) else {
            error(at: node, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(node.scalarText.map { "'\($0)'" } ?? node.kindDescription)")
            return nil
        }
        return n
    }

    /// A list of text values; a single value is refused so that a typo such as `topics: 5`
    /// is caught rather than silently read as a one-element list.
    package mutating func stringList(_ key: String, required: Bool, example: String) -> [(String, YAMLNode)]? {
        guard let node = node(key) else {
            if required {
                if let keyNode = keyNode(key) {
                    diagnostics.append(.error(keyNode.location(in: file), "'\(key)' is empty: expected a list, e.g. \(key): \(example)"))
                } else {
                    diagnostics.append(.error(missingKeyLocation, "missing required key '\(key)': expected a list, e.g. \(key): \(example)"))
                }
            }
            return nil
        }
        guard case .sequence(let items) = node.value else {
            error(at: node, "'\(key)' must be a list, found \(node.kindDescription)\(node.scalarText.map { " '\($0)'" } ?? ""): expected e.g. \(key): \(example)")
            return nil
        }
        if items.isEmpty && required {
            error(at: node, "'\(key)' is an empty list: expected at least one, e.g. \(key): \(example)")
            return nil
        }
        var result: [(String, YAMLNode)] = []
        for item in items {
            guard case .scalar(let text, _) = item.value, !item.isNull else {
                error(at: item, "each entry of '\(key)' must be a single value, found \(item.kindDescription)")
                continue
            }
            result.append((text.trimmingWhitespace(), item))
        }
        return result
    }
}

extension StringProtocol {
    package func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

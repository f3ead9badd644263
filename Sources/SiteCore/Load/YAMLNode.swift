import Yams

/// A YAML node with its position in the file, as plain Sendable values.
/// Scalars are kept as text: the loader decides what a key's text means (a date, a flag),
/// so `title: 2022` is the title "2022" and not a number, and no tag-resolution regexes
/// run per scalar (which matters at 50,000 articles).
public struct YAMLNode: Sendable {
    public indirect enum Value: Sendable {
        /// `plain` is false for quoted and block scalars: `"null"` is text, `null` is nothing.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    public var value: Value
    public var line: Int
    public var column: Int

    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// The scalar text, if this node is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// True for an empty plain scalar, `~` and `null`: YAML's ways of saying "no value".
    public var isNull: Bool {
        if case .scalar(let text, let plain) = value, plain {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What kind of value this is, in words for error messages.
    public var kindDescription: String {
        switch value {
        case .scalar: return isNull ? "an empty value" : "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping (key: value pairs)"
        }
    }
}

public enum YAMLDocument {
    /// Parses one YAML document. `firstLine` is the file line of the YAML's first line, so
    /// positions are reported in file coordinates. An empty document is an empty mapping.
    public static func parse(_ yaml: String, file: String, firstLine: Int = 1) -> Result<YAMLNode, Diagnostic> {
        if let node = PlainFrontMatter.parse(yaml, firstLine: firstLine) { return .success(node) }
        return parseWithYams(yaml, file: file, firstLine: firstLine)
    }

    /// The full YAML parser (the fast reader's reference in tests).
    public static func parseWithYams(_ yaml: String, file: String, firstLine: Int = 1) -> Result<YAMLNode, Diagnostic> {
        let node: Node?
        do {
            // The encoding is given: Yams's default reads the whole process environment on every call.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            return .failure(duplicateKey(duplicates.first ?? "", after: context.mark.line, in: yaml, file: file, firstLine: firstLine))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file, firstLine: firstLine))
        } catch {
            return .failure(.error(SourceLocation(file: file, line: firstLine), "invalid YAML: \(error)"))
        }
        guard let node else {
            return .success(YAMLNode(value: .mapping([]), line: firstLine, column: 1))
        }
        return convert(node, file: file, lineOffset: firstLine - 1)
    }

    private static func convert(_ node: Node, file: String, lineOffset: Int) -> Result<YAMLNode, Diagnostic> {
        let line = (node.mark?.line ?? 1) + lineOffset
        let column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            return .success(YAMLNode(value: .scalar(scalar.string, plain: scalar.style == .plain), line: line, column: column))
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for child in sequence {
                switch convert(child, file: file, lineOffset: lineOffset) {
                case .success(let item): items.append(item)
                case .failure(let d): return .failure(d)
                }
            }
            return .success(YAMLNode(value: .sequence(items), line: line, column: column))
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(mapping.count)
            for (k, v) in mapping {
                let key: YAMLNode, value: YAMLNode
                switch convert(k, file: file, lineOffset: lineOffset) {
                case .success(let n): key = n
                case .failure(let d): return .failure(d)
                }
                switch convert(v, file: file, lineOffset: lineOffset) {
                case .success(let n): value = n
                case .failure(let d): return .failure(d)
                }
                pairs.append((key, value))
            }
            return .success(YAMLNode(value: .mapping(pairs), line: line, column: column))
        case .alias:
            return .failure(.error(SourceLocation(file: file, line: line, column: column),
                                   "YAML aliases (*name) are not supported here: write the value out"))
        }
    }

    private static func diagnostic(for error: YamlError, file: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            message += hint(for: problem)
            return .error(SourceLocation(file: file, line: mark.line + firstLine - 1, column: mark.column), message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): return at(mark, problem, context)
        case .parser(let context, let problem, let mark, _): return at(mark, problem, context)
        case .composer(let context, let problem, let mark, _): return at(mark, problem, context)
        case .reader(let problem, _, _, _):
            return .error(SourceLocation(file: file, line: firstLine), "invalid YAML: \(problem)")
        default:
            return .error(SourceLocation(file: file, line: firstLine), "invalid YAML: \(error)")
        }
    }

    /// Yams reports a repeated key without its position: find the two lines that set it, at one
    /// indentation, from the mapping's first line on.
    private static func duplicateKey(_ key: String, after mappingLine: Int, in yaml: String, file: String, firstLine: Int) -> Diagnostic {
        var seen: [Int: Int] = [:]  // indentation → first line
        for (offset, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where offset + 1 >= mappingLine {
            let indent = line.prefix(while: { $0 == " " }).count
            var rest = line.dropFirst(indent)
            if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
            let name = rest.prefix(while: { $0 != ":" }).trimmingWhitespace()
            guard rest.contains(":"), name == key || name == "\"\(key)\"" || name == "'\(key)'" else { continue }
            if let first = seen[indent] {
                return .error(SourceLocation(file: file, line: offset + firstLine, column: indent + 1),
                              "duplicate key '\(key)': it is already set on line \(first + firstLine)")
            }
            seen[indent] = offset
        }
        return .error(SourceLocation(file: file, line: mappingLine + firstLine - 1), "duplicate key '\(key)' in this mapping")
    }

    /// Plain-language hints for the YAML mistakes editors make most.
    private static func hint(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "; a value containing ': ' must be quoted, e.g. title: \"标题: 副标题\""
        }
        if problem.contains("found character that cannot start any token") {
            return "; a value starting with @, ` or a tab must be quoted"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator") {
            return "; check the indentation and that every key is followed by ': '"
        }
        return ""
    }
}

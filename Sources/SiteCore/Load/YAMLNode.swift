import CLibYAML
/// A YAML node with its position in the file, as plain Sendable values.
/// Scalars are kept as text: the loader decides what a key's text means (a date, a flag),
/// so `title: 2022` is the title "2022" and not a number, and no tag-resolution regexes
/// run per scalar (which matters at 50,000 articles).
package struct YAMLNode: Sendable {
    package indirect enum Value: Sendable {
        /// `plain` is false for quoted and block scalars: `"null"` is text, `null` is nothing.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    package var value: Value
    package var line: Int
    package var column: Int

    package func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// The scalar text, if this node is a scalar.
    package var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// True for an empty plain scalar, `~` and `null`: YAML's ways of saying "no value".
    package var isNull: Bool {
        if case .scalar(let text, let plain) = value, plain {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What kind of value this is, in words for error messages.
    package var kindDescription: String {
        switch value {
        case .scalar: return isNull ? "an empty value" : "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping (key: value pairs)"
        }
    }
}

package enum YAMLDocument {
    /// Parses one YAML document. `firstLine` is the file line of the YAML's first line, so
    /// positions are reported in file coordinates. An empty document is an empty mapping.
    package static func parse(_ yaml: String, file: String, firstLine: Int = 1) -> Result<YAMLNode, Diagnostic> {
        if let node = PlainFrontMatter.parse(yaml, firstLine: firstLine) { return .success(node) }
        return parseFully(yaml, file: file, firstLine: firstLine)
    }

    /// The full YAML parser (the fast reader's reference in tests): libyaml's events, composed here.
    package static func parseFully(_ yaml: String, file: String, firstLine: Int = 1) -> Result<YAMLNode, Diagnostic> {
        var text = yaml
        return text.withUTF8 { bytes in
            var composer = YAMLComposer(file: file, lineOffset: firstLine - 1)
            return composer.compose(bytes)
        }
    }
}

/// Builds `YAMLNode`s from libyaml's parser events. Written here rather than taken from a YAML
/// library's document model because front matter is untrusted input: an alias (`*name`) is refused
/// where it stands, before anything is expanded, so a few hundred bytes of nested aliases (a
/// "billion laughs") cannot grow into gigabytes; a repeated key is reported at both its places;
/// nesting is bounded, so no document can exhaust the stack.
struct YAMLComposer {
    let file: String
    let lineOffset: Int
    private var parser = yaml_parser_t()
    private var depth = 0

    /// Deeper than any real front matter; far from what the stack can take.
    static let maxDepth = 256

    init(file: String, lineOffset: Int) {
        self.file = file
        self.lineOffset = lineOffset
    }

    private struct Failure: Error {
        let diagnostic: Diagnostic
    }

    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<YAMLNode, Diagnostic> {
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(.error(location(line: 0, column: 0), "invalid YAML: the parser could not start"))
        }
        defer { yaml_parser_delete(&parser) }
        let empty: [UInt8] = [0]
        let result: Result<YAMLNode, Failure> = empty.withUnsafeBufferPointer { fallback in
            yaml_parser_set_input_string(&parser, bytes.baseAddress ?? fallback.baseAddress!, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            do throws(Failure) {
                return .success(try document())
            } catch {
                return .failure(error)
            }
        }
        return result.mapError(\.diagnostic)
    }

    /// The stream's one document; an empty stream is an empty mapping.
    private mutating func document() throws(Failure) -> YAMLNode {
        var event = try next()
        defer { yaml_event_delete(&event) }
        guard event.type == YAML_STREAM_START_EVENT else { throw unexpected(event) }
        var start = try next()
        defer { yaml_event_delete(&start) }
        if start.type == YAML_STREAM_END_EVENT { return YAMLNode(value: .mapping([]), line: lineOffset + 1, column: 1) }
        guard start.type == YAML_DOCUMENT_START_EVENT else { throw unexpected(start) }
        var first = try next()
        let root = try node(&first)
        var end = try next()
        defer { yaml_event_delete(&end) }
        var after = try next()
        defer { yaml_event_delete(&after) }
        if after.type == YAML_DOCUMENT_START_EVENT {
            throw Failure(diagnostic: .error(location(after.start_mark), "only one YAML document is allowed here: remove this '---' and what follows it"))
        }
        return root
    }

    /// The node that `event` starts (the event is consumed).
    private mutating func node(_ event: inout yaml_event_t) throws(Failure) -> YAMLNode {
        defer { yaml_event_delete(&event) }
        let mark = event.start_mark
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            return at(mark, .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE))
        case YAML_ALIAS_EVENT:
            throw Failure(diagnostic: .error(location(mark), "YAML aliases (*name) are not supported here: write the value out"))
        case YAML_SEQUENCE_START_EVENT:
            try enter(mark)
            defer { depth -= 1 }
            var items: [YAMLNode] = []
            while true {
                var item = try next()
                if item.type == YAML_SEQUENCE_END_EVENT { yaml_event_delete(&item); break }
                items.append(try node(&item))
            }
            return at(mark, .sequence(items))
        case YAML_MAPPING_START_EVENT:
            try enter(mark)
            defer { depth -= 1 }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var seen: [String: Int] = [:]
            while true {
                var keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT { yaml_event_delete(&keyEvent); break }
                let key = try node(&keyEvent)
                var valueEvent = try next()
                let value = try node(&valueEvent)
                if let name = key.scalarText {
                    if let first = seen[name] {
                        throw Failure(diagnostic: .error(SourceLocation(file: file, line: key.line, column: key.column),
                                                         "duplicate key '\(name)': it is already set on line \(first)"))
                    }
                    seen[name] = key.line
                }
                pairs.append((key, value))
            }
            return at(mark, .mapping(pairs))
        default:
            throw unexpected(event)
        }
    }

    private mutating func enter(_ mark: yaml_mark_t) throws(Failure) {
        depth += 1
        if depth > Self.maxDepth {
            throw Failure(diagnostic: .error(location(mark), "invalid YAML: nested more than \(Self.maxDepth) levels deep"))
        }
    }

    private mutating func next() throws(Failure) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw parseError() }
        return event
    }

    private func at(_ mark: yaml_mark_t, _ value: YAMLNode.Value) -> YAMLNode {
        YAMLNode(value: value, line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation { location(line: Int(mark.line), column: Int(mark.column)) }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1 + lineOffset, column: column + 1)
    }

    private func unexpected(_ event: yaml_event_t) -> Failure {
        Failure(diagnostic: .error(location(event.start_mark), "invalid YAML: unexpected structure here"))
    }

    /// libyaml's problem, where it found it, and what it was reading, in the form editors know.
    private func parseError() -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        var message = "invalid YAML: \(problem)"
        if let context = parser.context { message += " (\(String(cString: context)))" }
        message += Self.hint(for: problem)
        let mark = parser.error == YAML_READER_ERROR ? yaml_mark_t(index: 0, line: 0, column: 0) : parser.problem_mark
        return Failure(diagnostic: .error(location(mark), message))
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

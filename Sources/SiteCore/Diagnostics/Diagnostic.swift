/// A place in a source file, as editors' tools expect it: 1-based line and column,
/// the column counted in Unicode scalars (what a text editor's cursor shows for Chinese).
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in the content. Errors stop the build; warnings are reported and the build goes on.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    /// `path:line:column: error: message`, the form terminals and editors make clickable: always
    /// one line, with any control character from the content shown escaped.
    public var description: String {
        "\(TerminalText.escaped(location.file)):\(location.line):\(location.column): \(severity.rawValue): \(TerminalText.escaped(message))"
    }

    /// A GitHub Actions workflow command that shows the problem on the pull request's diff.
    public var githubAnnotation: String {
        func escapeProperty(_ s: String) -> String {
            s.replacing("%", with: "%25").replacing("\r", with: "%0D")
                .replacing("\n", with: "%0A").replacing(":", with: "%3A")
                .replacing(",", with: "%2C")
        }
        func escapeData(_ s: String) -> String {
            s.replacing("%", with: "%25").replacing("\r", with: "%0D")
                .replacing("\n", with: "%0A")
        }
        return "::\(severity.rawValue) file=\(escapeProperty(TerminalText.escaped(location.file))),line=\(location.line),col=\(location.column)::\(escapeData(TerminalText.escaped(message)))"
    }
}

extension Array where Element == Diagnostic {
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Reading order: by file, then position, then message, so reports are stable run to run.
    public func sortedForReport() -> [Diagnostic] {
        sorted { a, b in
            if a.location != b.location { return a.location < b.location }
            return (a.severity.rawValue, a.message) < (b.severity.rawValue, b.message)
        }
    }
}

/// Thrown when loading or rendering found errors; carries every diagnostic of the run.
public struct ContentErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

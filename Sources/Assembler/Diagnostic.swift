/// How serious a diagnostic is. Only errors stop assembly.
public enum DiagnosticSeverity: String, Sendable, Hashable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: DiagnosticSeverity, b: DiagnosticSeverity) -> Bool { a.rank < b.rank }
}

/// One problem found in the source, in the swift-syntax style: a stable id that tests match, a
/// message, a position, and notes for the second places that matter ("first defined here").
///
/// Lines and columns are 1-based; columns count bytes of the line (a tab is one column). A
/// diagnostic with `line == 0` has no source position (a bad `-D` option, a missing main file).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: DiagnosticSeverity
    /// Stable identifier, e.g. `asm.unknown-mnemonic`. docs/Assembly.md lists them.
    public var id: String
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    public var notes: [Diagnostic]
    /// The text of the source line, captured when the diagnostic was made, for rendering.
    public var sourceLine: String?

    public init(severity: DiagnosticSeverity, id: String, message: String, file: String, line: Int, column: Int,
                notes: [Diagnostic] = [], sourceLine: String? = nil) {
        self.severity = severity
        self.id = id
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.notes = notes
        self.sourceLine = sourceLine
    }

    /// `path:line:col: error: message [id]`, the source line and a caret under the column, then
    /// the notes rendered the same way. `sourceLine` overrides the captured line when given.
    public func rendered(sourceLine override: String? = nil) -> String {
        var out = header
        if severity != .note { out += " [\(id)]" }
        if let text = override ?? sourceLine, line > 0 {
            out += "\n" + text + "\n" + Diagnostic.caret(under: text, column: column)
        }
        for n in notes { out += "\n" + n.rendered() }
        return out
    }

    /// The first line of the rendering, without the id.
    private var header: String {
        var where_ = file
        if line > 0 { where_ += ":\(line):\(max(column, 1))" }
        return where_.isEmpty ? "\(severity.rawValue): \(message)" : "\(where_): \(severity.rawValue): \(message)"
    }

    public var description: String { rendered() }

    /// A caret line that lines up under byte column `column` of `text`: tabs in the prefix are
    /// copied so that the caret sits under the right character whatever the tab width.
    static func caret(under text: String, column: Int) -> String {
        var prefix = ""
        var bytes = 0
        for ch in text {
            let n = ch.utf8.count
            if bytes + n > column - 1 { break }
            bytes += n
            prefix += ch == "\t" ? "\t" : " "
        }
        return prefix + "^"
    }
}

extension Array where Element == Diagnostic {
    /// Every diagnostic rendered, one after another, each ending in a newline: what `vasm` prints
    /// on stderr.
    public func rendered() -> String {
        var out = ""
        for d in self { out += d.rendered() + "\n" }
        return out
    }

    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

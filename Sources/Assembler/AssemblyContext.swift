import ISA

/// The state of one assembly run: loaded files, the stack of line sources, symbol tables, the
/// instructions produced so far and the diagnostics. One pass over the lines does everything;
/// only branch targets are resolved at the end (labels may be used before they are defined,
/// constants and buffers may not).
final class AssemblyContext {
    let options: AssemblerOptions
    var sources: [SourceBuffer] = []
    /// Files whose bytes were rejected (NUL, invalid UTF-8): kept for rendering, not assembled.
    var dropped: Set<Int> = []
    var frames: [Frame] = []
    var diagnostics: [Diagnostic] = []
    var errorCount = 0

    // Symbols.
    var symbols: [String: Symbol] = [:]
    var registerAliases: [String: (Register, Site)] = [:]
    var macros: [String: MacroDefinition] = [:]
    var params: [ParamDecl] = []
    var paramIndex: [String: (index: Int, site: Site)] = [:]
    var buffers: [BufferDecl] = []
    var bufferSites: [Site] = []
    /// First free UB byte after the buffers laid out so far.
    var ubCursor: UInt64 = 0
    var ubSize: UInt32
    var ubSizeSite: Site?

    // Labels.
    var labels: [String: Label] = [:]
    /// The last global label: the scope of local labels (`.next`).
    var scope = ""
    var fixups: [Fixup] = []

    // Code and debug information.
    var instructions: [Instruction] = []
    var locations: [DebugLocation] = []
    /// Files declared with `.file N "PATH"`, in order.
    var explicitFiles: [String] = []
    /// The location set by `.loc`, sticky until the next `.loc`.
    var currentLoc: SourceLocation?
    var usesLoc = false
    var noDebug = false

    /// Macro expansions so far (the value of `\@`) and lines they produced (a guard against
    /// runaway expansion).
    var expansionCount = 0
    var expandedLines = 0
    static let maxMacroDepth = 64
    /// 200 k lines: far above any real kernel (the 5,000-line benchmark expands to ~9 k
    /// instructions), and a macro bomb is rejected in well under a second.
    static let maxExpandedLines = 200_000

    init(options: AssemblerOptions) {
        self.options = options
        self.ubSize = options.ubSize ?? MachineLimits.default.ubBytes
        instructions.reserveCapacity(1024)
        locations.reserveCapacity(1024)
    }

    func readFile(_ path: String) -> [UInt8]? { (options.fileReader ?? Assembler.readFile)(path) }

    // MARK: - The run

    func run(main: SourceBuffer) -> AssemblyResult {
        defineFromCommandLine()
        let index = load(main)
        frames.append(Frame(content: .file(index)))
        while let view = nextLine() {
            process(view)
            // A file that is mostly garbage must not take forever to report 20 errors.
            if errorCount > 10 * Assembler.maxErrors { frames.removeAll(); break }
        }
        return finish()
    }

    /// One line: macro body collection, conditional skipping, then labels and a statement.
    func process(_ view: LineView) {
        let top = frames.count - 1
        if frames[top].defining != nil {
            collectMacroLine(view)
            return
        }
        if !frames[top].active {
            let word = firstWord(view)
            if Self.conditionalDirectives.contains(word) { _ = handleConditionalWhileSkipping(word, view) }
            return
        }
        let tokens: [Token]
        let strings: [String]
        switch Lexer.tokenize(view.bytes, view.range) {
        case .success(let r): (tokens, strings) = (r.tokens, r.strings)
        case .failure(let e):
            error(e.id, e.message, view, e.offset)
            return
        }
        var i = 0
        // Labels: `name:` (several may share a line).
        while i + 1 < tokens.count, tokens[i].kind == .identifier, tokens[i + 1].kind == .colon {
            defineLabel(text(view, tokens[i]), view: view, at: tokens[i].start)
            i += 2
        }
        guard i < tokens.count else { return }
        let head = tokens[i]
        guard head.kind == .identifier else {
            error("asm.syntax", "expected an instruction, a directive or a label, found \(head.kind.display)", view, head.start)
            return
        }
        let name = text(view, head)
        let line = StatementTokens(view: view, tokens: tokens, strings: strings, head: i)
        if name.utf8.first == UInt8(ascii: ".") {
            directive(name, line)
        } else if macros[name] != nil {
            invokeMacro(name, line)
        } else {
            instruction(name, line)
        }
    }

    static let conditionalDirectives: Set<String> = [".if", ".ifdef", ".ifndef", ".elif", ".else", ".endif"]

    /// The first word of a line (an identifier, possibly starting with `.`), without lexing the
    /// rest: enough to find `.endm` in a macro body and `.endif` in a skipped branch, whose other
    /// lines may not even lex (`\arg`).
    func firstWord(_ view: LineView) -> String {
        var p = view.range.lowerBound
        let e = view.range.upperBound
        while p < e, isSpace(view.bytes[p]) { p += 1 }
        let s = p
        while p < e, isIdentChar(view.bytes[p]) { p += 1 }
        return String(decoding: view.bytes[s..<p], as: UTF8.self)
    }

    func text(_ view: LineView, _ t: Token) -> String { String(decoding: view.bytes[t.start..<t.end], as: UTF8.self) }

    // MARK: - Diagnostics

    func diagnostic(_ severity: DiagnosticSeverity, _ id: String, _ message: String, at site: Site,
                    notes: [(Site, String)] = []) -> Diagnostic {
        let noteDiagnostics = notes.map { n in diagnostic(.note, id, n.1, at: n.0) }
        guard site.source >= 0, site.source < sources.count else {
            return Diagnostic(severity: severity, id: id, message: message, file: "<command line>", line: 0, column: 0, notes: noteDiagnostics)
        }
        let buffer = sources[site.source]
        return Diagnostic(severity: severity, id: id, message: message, file: buffer.path, line: site.line, column: site.column,
                          notes: noteDiagnostics, sourceLine: buffer.text(ofLine: site.line))
    }

    func error(_ id: String, _ message: String, at site: Site, notes: [(Site, String)] = []) {
        errorCount += 1
        diagnostics.append(diagnostic(.error, id, message, at: site, notes: notes))
    }

    /// An error at a byte offset of a line (with the macro expansion notes, if any).
    func error(_ id: String, _ message: String, _ view: LineView, _ offset: Int, notes: [(Site, String)] = []) {
        error(id, message, at: view.site(offset), notes: notes + view.notes(offset))
    }

    func error(_ e: LineError, _ view: LineView) { error(e.id, e.message, view, e.offset) }

    func warning(_ id: String, _ message: String, at site: Site) {
        diagnostics.append(diagnostic(.warning, id, message, at: site))
    }
}

/// The tokens of one statement and where its head (the directive, mnemonic or macro name) is.
struct StatementTokens {
    var view: LineView
    var tokens: [Token]
    var strings: [String]
    var head: Int

    /// The comma-separated groups after the head, as token index ranges (commas inside
    /// parentheses do not split). An empty group is reported by whoever reads it.
    var operandRanges: [Range<Int>] {
        var out: [Range<Int>] = []
        var start = head + 1
        guard start < tokens.count else { return [] }
        var depth = 0
        for i in start..<tokens.count {
            switch tokens[i].kind {
            case .lparen: depth += 1
            case .rparen: depth -= 1
            case .comma where depth <= 0:
                out.append(start..<i)
                start = i + 1
            default: break
            }
        }
        out.append(start..<tokens.count)
        return out
    }

    /// Byte offset to point at for a token range: its first token; for an empty range the token
    /// after it (the comma closing an empty operand) or the end of the last token.
    func offset(of r: Range<Int>) -> Int {
        if r.lowerBound < tokens.count { return tokens[r.lowerBound].start }
        if let last = tokens.last { return last.end }
        return view.range.upperBound
    }

    var headToken: Token { tokens[head] }
}

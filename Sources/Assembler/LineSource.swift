/// A place in the source: a loaded file (index into `AssemblyContext.sources`, or -1 for the
/// command line), a 1-based line and column.
struct Site: Hashable {
    var source: Int
    var line: Int
    var column: Int

    static let commandLine = Site(source: -1, line: 0, column: 0)
}

/// The chain of macro expansions a line comes from. Diagnostics inside an expansion point at the
/// outermost invocation (a place in a real file), with one note per macro body line on the way.
final class ExpansionTrace {
    let macro: String
    /// The outermost invocation site (in a file, not in another expansion).
    let invocation: Site
    /// Notes of enclosing expansions, innermost last.
    let outer: [(Site, String)]
    init(macro: String, invocation: Site, outer: [(Site, String)]) {
        self.macro = macro
        self.invocation = invocation
        self.outer = outer
    }
}

/// Where the bytes of one line came from.
struct LineOrigin {
    /// The file the line is in (for expansions: the file of the macro body line).
    var source: Int
    var line: Int
    /// Offset of the line's first byte in `bytes`, for columns.
    var lineStart: Int
    var trace: ExpansionTrace?
}

/// One line to assemble: bytes (a file's whole buffer or an expanded line), the line's range in
/// them, and its origin.
struct LineView {
    var bytes: [UInt8]
    var range: Range<Int>
    var origin: LineOrigin

    /// Site of a byte offset: the offset's column in a file line, the invocation for expansions.
    func site(_ offset: Int) -> Site {
        if let t = origin.trace { return t.invocation }
        return Site(source: origin.source, line: origin.line, column: offset - origin.lineStart + 1)
    }

    /// Notes that say which macro bodies the offset is in (empty for file lines).
    func notes(_ offset: Int) -> [(Site, String)] {
        guard let t = origin.trace else { return [] }
        let col = max(1, offset - origin.lineStart + 1)
        return t.outer + [(Site(source: origin.source, line: origin.line, column: col), "in expansion of macro '\(t.macro)'")]
    }
}

/// One `.if` level: whether its current branch is assembled, whether any branch was taken, and
/// whether `.else` was seen.
struct Conditional {
    var parentActive: Bool
    var taken: Bool
    var active: Bool
    var elseSeen: Bool
    var site: Site
}

/// A macro being defined: collected line by line until `.endm`.
struct MacroDefinition {
    var name: String
    var parameters: [(name: String, defaultValue: String?)]
    var body: [(source: Int, line: Int)]
    var site: Site
}

/// A line source on the stack: a file or one macro expansion. Conditionals and macro definitions
/// must be closed in the frame that opened them.
struct Frame {
    enum Content {
        case file(Int)
        case expansion(lines: [(bytes: [UInt8], source: Int, line: Int)], trace: ExpansionTrace)
    }
    var content: Content
    var next = 0
    var conditionals: [Conditional] = []
    var defining: MacroDefinition?

    var active: Bool { conditionals.last?.active ?? true }
}

extension AssemblyContext {
    /// The next line to assemble, popping finished frames (and reporting what they left open).
    func nextLine() -> LineView? {
        while let top = frames.last {
            switch top.content {
            case .file(let s):
                let buffer = sources[s]
                if top.next < buffer.lineCount, !dropped.contains(s) {
                    let i = top.next
                    frames[frames.count - 1].next += 1
                    let r = buffer.lineRange(i)
                    return LineView(bytes: buffer.bytes, range: r, origin: LineOrigin(source: s, line: i + 1, lineStart: r.lowerBound, trace: nil))
                }
            case .expansion(let lines, let trace):
                if top.next < lines.count {
                    let l = lines[top.next]
                    frames[frames.count - 1].next += 1
                    return LineView(bytes: l.bytes, range: 0..<l.bytes.count,
                                    origin: LineOrigin(source: l.source, line: l.line, lineStart: 0, trace: trace))
                }
            }
            closeFrame()
        }
        return nil
    }

    /// Pops the top frame; `.if` or `.macro` still open in it are errors at their opening line.
    private func closeFrame() {
        let f = frames.removeLast()
        let place: String
        switch f.content {
        case .file: place = "end of file"
        case .expansion(_, let t): place = "end of macro '\(t.macro)'"
        }
        for c in f.conditionals.reversed() {
            error("asm.unterminated-if", "'.if' is not closed by '.endif' before the \(place)", at: c.site)
        }
        if let m = f.defining {
            error("asm.unterminated-macro", "macro '\(m.name)' is not closed by '.endm' before the \(place)", at: m.site)
        }
    }

    /// Loads a file into `sources`; NUL bytes and invalid UTF-8 are reported and the file's
    /// content is dropped (what follows would only be noise). Returns the source index.
    func load(_ buffer: SourceBuffer) -> Int {
        if let p = SourceCheck.firstProblem(in: buffer.bytes) {
            let index = sources.count
            sources.append(buffer)
            let (line, column) = buffer.position(of: p.offset)
            if p.isNul {
                error("asm.nul-byte", "NUL byte in source file", at: Site(source: index, line: line, column: column))
            } else {
                error("asm.invalid-utf8", "source file is not valid UTF-8 (bad byte 0x\(String(buffer.bytes[p.offset], radix: 16)))",
                      at: Site(source: index, line: line, column: column))
            }
            dropped.insert(index)
            return index
        }
        sources.append(buffer)
        return sources.count - 1
    }

    /// `.include "FILE"`: relative to the including file; only `.inc` files; no cycles.
    func include(_ name: String, view: LineView, at offset: Int) {
        guard name.hasSuffix(".inc") else {
            error("asm.include-extension", "can only include '.inc' files, not '\(name)' (every .asm file assembles on its own)", view, offset)
            return
        }
        let path = Self.resolve(name, relativeTo: sources[view.origin.source].path)
        var chain: [String] = []
        for f in frames {
            if case .file(let s) = f.content { chain.append(sources[s].path) }
        }
        if let i = chain.firstIndex(of: path) {
            let cycle = (chain[i...] + [path]).joined(separator: " -> ")
            error("asm.include-recursion", "recursive include of '\(path)': \(cycle)", view, offset)
            return
        }
        guard chain.count < Self.maxIncludeDepth else {
            error("asm.include-recursion", "includes nested deeper than \(Self.maxIncludeDepth)", view, offset)
            return
        }
        guard let bytes = readFile(path) else {
            error("asm.include-not-found", "cannot read include file '\(name)' (looked for '\(path)')", view, offset)
            return
        }
        let index = load(SourceBuffer(path: path, bytes: bytes))
        frames.append(Frame(content: .file(index)))
    }

    static let maxIncludeDepth = 32

    /// `dir(of base)/name`, with `.` and `dir/..` segments removed so that one file always has
    /// one path (for cycle detection and the debug table); absolute names are kept.
    static func resolve(_ name: String, relativeTo base: String) -> String {
        var joined = name
        if !name.hasPrefix("/"), let slash = base.lastIndex(of: "/") {
            joined = String(base[...slash]) + name
        }
        let absolute = joined.hasPrefix("/")
        var parts: [Substring] = []
        for p in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(p)
        }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}

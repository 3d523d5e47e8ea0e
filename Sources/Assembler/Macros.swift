import ISA

/// Macros: `.macro NAME [ARG[=DEFAULT], ...]` ... `.endm`, invoked as `NAME a, b` or with named
/// arguments `NAME b=2, a=1`. Expansion is textual: in each body line `\ARG` becomes the
/// argument's text and `\@` a number unique to the expansion, then the line is assembled as if
/// it were in the source. Diagnostics point at the invocation, with a note at the body line.
extension AssemblyContext {
    /// `.macro NAME [ARG[=DEFAULT], ...]`.
    func beginMacro(_ line: StatementTokens) {
        let t = line.tokens
        let view = line.view
        var i = line.head + 1
        guard i < t.count, t[i].kind == .identifier else {
            error("asm.syntax", "'.macro' needs a name", view, line.offset(of: i..<i))
            return
        }
        let name = text(view, t[i])
        let nameOffset = t[i].start
        let site = view.site(t[i].start)
        i += 1
        if i < t.count, t[i].kind == .comma { i += 1 }
        var parameters: [(name: String, defaultValue: String?)] = []
        var ok = true
        while i < t.count {
            guard t[i].kind == .identifier, !text(view, t[i]).contains(".") else {
                error("asm.syntax", "expected a macro argument name, found \(t[i].kind.display)", view, t[i].start)
                ok = false
                break
            }
            let p = text(view, t[i])
            if parameters.contains(where: { $0.name == p }) {
                error("asm.syntax", "macro argument '\(p)' is listed twice", view, t[i].start)
                ok = false
            }
            i += 1
            var def: String?
            if i < t.count, t[i].kind == .assign {
                i += 1
                let s = i
                while i < t.count, t[i].kind != .comma { i += 1 }
                def = s < i ? String(decoding: view.bytes[t[s].start..<t[i - 1].end], as: UTF8.self) : ""
            }
            parameters.append((p, def))
            if i < t.count, t[i].kind == .comma { i += 1 }
        }
        var definition = MacroDefinition(name: name, parameters: parameters, body: [], site: site)
        if !ok || !checkNewName(name, "macro", view, nameOffset) { definition.name = "" }
        if OpcodeTable.spec(mnemonic: name) != nil || OpcodeTable.spec(mnemonic: String(name.split(separator: ".").first ?? "")) != nil {
            error("asm.duplicate-macro", "macro '\(name)' has the name of an instruction", view, nameOffset)
            definition.name = ""
        } else if let old = macros[name] {
            error("asm.duplicate-macro", "macro '\(name)' is already defined", view, nameOffset, notes: [(old.site, "first defined here")])
            definition.name = ""
        }
        // A rejected definition is still collected up to its `.endm`, then dropped.
        frames[frames.count - 1].defining = definition
    }

    /// A line inside `.macro` ... `.endm`: stored unread (it is only assembled when expanded).
    func collectMacroLine(_ view: LineView) {
        let top = frames.count - 1
        let word = firstWord(view)
        if word == ".endm" {
            if let m = frames[top].defining, !m.name.isEmpty { macros[m.name] = m }
            frames[top].defining = nil
            return
        }
        if word == ".macro" {
            error("asm.syntax", "macro definitions cannot be nested ('.endm' missing above?)", view, view.range.lowerBound)
            return
        }
        frames[top].defining?.body.append((view.origin.source, view.origin.line))
    }

    /// `NAME args`: binds the arguments and pushes the expansion.
    func invokeMacro(_ name: String, _ line: StatementTokens) {
        guard let m = macros[name] else { return }
        let view = line.view
        let at = line.headToken.start
        let depth = frames.reduce(0) { n, f in if case .expansion = f.content { return n + 1 } else { return n } }
        if depth >= Self.maxMacroDepth {
            error("asm.macro-recursion", "macro '\(name)' nests expansions deeper than \(Self.maxMacroDepth) (recursive macro?)", view, at,
                  notes: [(m.site, "macro '\(name)' is defined here")])
            return
        }
        guard let values = bindArguments(m, line) else { return }
        let unique = Array(String(expansionCount).utf8)
        expansionCount += 1
        var lines: [(bytes: [UInt8], source: Int, line: Int)] = []
        lines.reserveCapacity(m.body.count)
        for (source, number) in m.body {
            let buffer = sources[source]
            let range = buffer.lineRange(number - 1)
            switch substitute(buffer.bytes[range], values: values, unique: unique, macro: m) {
            case .success(let bytes): lines.append((bytes, source, number))
            case .failure(let e):
                error(e.id, e.message, at: view.site(at),
                      notes: view.notes(at) + [(Site(source: source, line: number, column: e.offset + 1), "in the body of macro '\(name)'")])
                return
            }
        }
        expandedLines += lines.count
        if expandedLines > Self.maxExpandedLines {
            error("asm.macro-recursion", "macro expansions produced more than \(Self.maxExpandedLines) lines", view, at)
            frames.removeAll()
            return
        }
        let outer = view.origin.trace.map { $0.outer + [(Site(source: view.origin.source, line: view.origin.line, column: 1), "in expansion of macro '\($0.macro)'")] } ?? []
        let trace = ExpansionTrace(macro: name, invocation: view.site(at), outer: outer)
        frames.append(Frame(content: .expansion(lines: lines, trace: trace)))
    }

    /// The text of each parameter for one invocation: positional first, then `name=value`.
    private func bindArguments(_ m: MacroDefinition, _ line: StatementTokens) -> [String: [UInt8]]? {
        let view = line.view
        let t = line.tokens
        var values: [String: [UInt8]] = [:]
        var position = 0
        var ok = true
        for r in line.operandRanges where !(r.isEmpty && line.operandRanges.count == 1) {
            let offset = line.offset(of: r)
            if r.count >= 2, t[r.lowerBound].kind == .identifier, t[r.lowerBound + 1].kind == .assign {
                let key = text(view, t[r.lowerBound])
                guard m.parameters.contains(where: { $0.name == key }) else {
                    let known = m.parameters.map(\.name).joined(separator: ", ")
                    error("asm.macro-unknown-argument", "macro '\(m.name)' has no argument '\(key)' (its arguments: \(known.isEmpty ? "none" : known))", view, offset)
                    ok = false
                    continue
                }
                if values[key] != nil {
                    error("asm.macro-duplicate-argument", "argument '\(key)' of macro '\(m.name)' is given twice", view, offset)
                    ok = false
                    continue
                }
                values[key] = r.count > 2 ? Array(view.bytes[t[r.lowerBound + 2].start..<t[r.upperBound - 1].end]) : []
                continue
            }
            guard position < m.parameters.count else {
                error("asm.macro-too-many-arguments", "macro '\(m.name)' takes \(m.parameters.count) argument\(m.parameters.count == 1 ? "" : "s")", view, offset)
                return nil
            }
            if !r.isEmpty { values[m.parameters[position].name] = Array(view.bytes[t[r.lowerBound].start..<t[r.upperBound - 1].end]) }
            position += 1
        }
        // After a bad argument, "missing argument" would only repeat the same mistake.
        for p in m.parameters where ok && values[p.name] == nil {
            if let d = p.defaultValue {
                values[p.name] = Array(d.utf8)
            } else {
                error("asm.macro-missing-argument", "macro '\(m.name)' needs argument '\(p.name)'", view, line.headToken.start,
                      notes: [(m.site, "macro '\(m.name)' is defined here")])
                ok = false
            }
        }
        return ok ? values : nil
    }

    /// Replaces `\ARG` and `\@` in one body line.
    private func substitute(_ line: ArraySlice<UInt8>, values: [String: [UInt8]], unique: [UInt8], macro: MacroDefinition) -> Result<[UInt8], LineError> {
        guard line.contains(UInt8(ascii: "\\")) else { return .success(Array(line)) }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 16)
        var i = line.startIndex
        var inString = false
        while i < line.endIndex {
            let c = line[i]
            if c == UInt8(ascii: "\""), i == line.startIndex || line[i - 1] != UInt8(ascii: "\\") { inString.toggle() }
            // Comments are copied as they are: `\x` in a comment is not an argument.
            if !inString, c == UInt8(ascii: ";") || (c == UInt8(ascii: "/") && i + 1 < line.endIndex && line[i + 1] == c) {
                out += line[i...]
                break
            }
            guard c == UInt8(ascii: "\\"), i + 1 < line.endIndex else { out.append(c); i += 1; continue }
            if line[i + 1] == UInt8(ascii: "@") {
                out += unique
                i += 2
                continue
            }
            var j = i + 1
            while j < line.endIndex, isIdentStart(line[j]) || isDigit(line[j]) { j += 1 }
            let name = String(decoding: line[(i + 1)..<j], as: UTF8.self)
            guard let v = values[name] else {
                // In a string, `\n`, `\t`, `\"` are escapes, not arguments.
                if inString { out.append(c); i += 1; continue }
                let what = name.isEmpty ? "'\\' must be followed by an argument name or '@'" : "macro '\(macro.name)' has no argument '\(name)'"
                return .failure(LineError(offset: i - line.startIndex, id: "asm.macro-unknown-argument", message: what))
            }
            out += v
            i = j
        }
        return .success(out)
    }
}

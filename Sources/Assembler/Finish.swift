import ISA

/// The end of a run: branch targets, the UB layout check, the debug table, the validator,
/// warnings, and the sorted, capped diagnostics.
extension AssemblyContext {
    func finish() -> AssemblyResult {
        resolveLabels()
        checkLayout()
        var program: Program?
        if errorCount == 0 {
            let p = Program(params: params, buffers: buffers, instructions: instructions, debug: debugTable(), ubSize: ubSize)
            for issue in ProgramValidator.validate(p) {
                let site: Site
                if let pc = issue.pc, pc < locations.count, case .site(let s) = locations[pc] { site = s } else { site = Site(source: 0, line: 0, column: 0) }
                error(issue.id, issue.message, at: site)
            }
            if errorCount == 0 { program = p }
        }
        warnUnused()
        return AssemblyResult(program: program, diagnostics: sortedAndCapped())
    }

    private func resolveLabels() {
        for f in fixups {
            guard let label = labels[f.name] else {
                let what = f.written.hasPrefix(".") ? "undefined local label '\(f.written)'\(scopeHint(f.name))" : "undefined label '\(f.written)'"
                error("asm.undefined-label", what, at: f.site, notes: f.notes)
                continue
            }
            labels[f.name]?.used = true
            guard label.pc < instructions.count else {
                error("asm.label-at-end", "label '\(f.written)' has no instruction after it to branch to", at: f.site,
                      notes: f.notes + [(label.site, "label defined here")])
                continue
            }
            if f.pc < instructions.count, f.operand < instructions[f.pc].operands.count {
                instructions[f.pc].operands[f.operand] = .immediate(Int64(label.pc))
            }
        }
    }

    private func scopeHint(_ qualified: String) -> String {
        guard let range = qualified.firstRange(of: "::") else { return "" }
        let scope = qualified[..<range.lowerBound]
        return scope.isEmpty ? " (no global label above it)" : " in the scope of '\(scope)'"
    }

    /// The buffers must fit in the UB: the error says by how much and lists every buffer.
    private func checkLayout() {
        guard ubCursor > UInt64(ubSize), let first = buffers.indices.first(where: { UInt64(buffers[$0].offset) + UInt64(buffers[$0].size) > UInt64(ubSize) }) else { return }
        var notes: [(Site, String)] = []
        for (i, b) in buffers.enumerated() {
            notes.append((bufferSites[i], "buffer '\(b.name)': offset \(b.offset), \(b.size) bytes, ends at \(UInt64(b.offset) + UInt64(b.size))"))
        }
        let over = ubCursor - UInt64(ubSize)
        error("asm.ub-overflow",
              "UB overflow: the buffers need \(ubCursor) bytes, \(over) more than the UB's \(ubSize) (from buffer '\(buffers[first].name)' on)",
              at: bufferSites[first], notes: notes)
    }

    /// The file table and one location per instruction. Files named by `.file` come first, in
    /// their order; real files follow in order of first use (only when some instruction has no
    /// `.loc`). `.nodebug` keeps the file table but drops the locations.
    private func debugTable() -> DebugInfo {
        var files = explicitFiles
        var index: [Int: UInt16] = [:]
        var out: [SourceLocation] = []
        if noDebug { return DebugInfo(files: files, locations: []) }
        out.reserveCapacity(locations.count)
        for l in locations {
            switch l {
            case .explicit(let s):
                out.append(s)
            case .site(let s):
                let fileIndex: UInt16
                if let known = index[s.source] {
                    fileIndex = known
                } else {
                    let path = s.source >= 0 && s.source < sources.count ? sources[s.source].path : "<command line>"
                    let k = files.firstIndex(of: path) ?? { files.append(path); return files.count - 1 }()
                    fileIndex = UInt16(clamping: k)
                    index[s.source] = fileIndex
                }
                out.append(SourceLocation(file: fileIndex, line: UInt32(clamping: s.line), column: UInt16(clamping: s.column)))
            }
        }
        return DebugInfo(files: files, locations: out)
    }

    /// Unused labels and buffers are warnings; machine-written text (with `.loc`) gets none,
    /// since disassembly names no buffers and that is not a mistake.
    private func warnUnused() {
        guard !usesLoc else { return }
        for (name, label) in labels where !label.used {
            let shown = name.firstRange(of: "::").map { String(name[$0.upperBound...]) } ?? name
            warning("asm.unused-label", "label '\(shown)' is never used", at: label.site)
        }
        for (i, b) in buffers.enumerated() where symbols[b.name]?.used == false {
            warning("asm.unused-buffer", "buffer '\(b.name)' is never used", at: bufferSites[i])
        }
    }

    /// Sorted by file (in the order files were opened), line and column; errors capped at
    /// `Assembler.maxErrors`, with one last line saying how many more there were.
    private func sortedAndCapped() -> [Diagnostic] {
        var order: [String: Int] = ["<command line>": -1]
        for (i, s) in sources.enumerated() where order[s.path] == nil { order[s.path] = i }
        let sorted = diagnostics.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            let fx = order[x.file] ?? Int.max, fy = order[y.file] ?? Int.max
            if fx != fy { return fx < fy }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
        var out: [Diagnostic] = []
        var errors = 0
        for d in sorted {
            if d.severity == .error {
                errors += 1
                if errors > Assembler.maxErrors { continue }
            }
            out.append(d)
        }
        if errors > Assembler.maxErrors {
            let more = errors - Assembler.maxErrors
            out.append(Diagnostic(severity: .error, id: "asm.too-many-errors",
                                  message: "too many errors: \(more) more not shown (\(errors) in all)", file: "", line: 0, column: 0))
        }
        return out
    }
}

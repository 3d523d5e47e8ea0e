import ISA

/// The directives (docs/Assembly.md, "Directives"), except conditionals and macros which have
/// their own files.
extension AssemblyContext {
    func directive(_ name: String, _ line: StatementTokens) {
        let view = line.view
        let at = line.headToken.start
        switch name {
        case ".if", ".ifdef", ".ifndef", ".elif", ".else", ".endif": conditional(name, line)
        case ".macro": beginMacro(line)
        case ".endm": error("asm.unbalanced-macro", "'.endm' without '.macro'", view, at)
        case ".include":
            guard let (file, _) = stringOperand(line, what: "'.include' takes a file name in quotes") else { return }
            include(file, view: view, at: at)
        case ".error":
            let ranges = line.operandRanges
            if ranges.isEmpty {
                error("asm.error-directive", ".error", view, at)
            } else if let (message, _) = stringOperand(line, what: "'.error' takes a message in quotes") {
                error("asm.error-directive", message, view, at)
            }
        case ".param": param(line)
        case ".equ": equ(line)
        case ".reg": reg(line)
        case ".buffer": buffer(line)
        case ".ubsize": ubsizeDirective(line)
        case ".file": fileDirective(line)
        case ".loc": locDirective(line)
        case ".nodebug":
            guard expectOperands(line, 0, "'.nodebug' takes no operands") != nil else { return }
            noDebug = true
            usesLoc = true
        default:
            error("asm.unknown-directive", "unknown directive '\(name)'", view, at)
        }
    }

    /// The operand ranges when there are exactly `count` non-empty ones.
    func expectOperands(_ line: StatementTokens, _ count: Int, _ usage: String) -> [Range<Int>]? {
        var ranges = line.operandRanges
        if ranges.count == 1, ranges[0].isEmpty { ranges = [] }
        guard ranges.count == count, !ranges.contains(where: \.isEmpty) else {
            let bad = ranges.first(where: \.isEmpty) ?? (ranges.count > count ? ranges[count] : (line.head + 1)..<(line.head + 1))
            error("asm.operand-count", usage, line.view, line.offset(of: bad))
            return nil
        }
        return ranges
    }

    /// A single-identifier operand.
    func nameOperand(_ line: StatementTokens, _ r: Range<Int>, _ what: String) -> String? {
        guard r.count == 1, line.tokens[r.lowerBound].kind == .identifier else {
            error("asm.syntax", "expected \(what)", line.view, line.offset(of: r))
            return nil
        }
        return text(line.view, line.tokens[r.lowerBound])
    }

    private func stringOperand(_ line: StatementTokens, what: String) -> (String, Int)? {
        guard let r = expectOperands(line, 1, what)?.first else { return nil }
        guard r.count == 1, line.tokens[r.lowerBound].kind == .string else {
            error("asm.syntax", what, line.view, line.offset(of: r))
            return nil
        }
        let t = line.tokens[r.lowerBound]
        return (line.strings[Int(t.value)], t.start)
    }

    /// `.param NAME, KIND`.
    private func param(_ line: StatementTokens) {
        guard let r = expectOperands(line, 2, "'.param' takes a name and a kind: .param NAME, KIND"),
              let name = nameOperand(line, r[0], "a parameter name"),
              let kindText = nameOperand(line, r[1], "a parameter kind (gm, gm.f32, ..., i64, f32)") else { return }
        let at = line.offset(of: r[0])
        guard checkNewName(name, "parameter", line.view, at) else { return }
        guard let kind = ParamKind(syntax: kindText) else {
            error("asm.param-kind", "unknown parameter kind '\(kindText)' (expected gm, gm.f32, gm.f16, gm.i32, gm.u32, gm.u8, gm.i64, i64 or f32)",
                  line.view, line.offset(of: r[1]))
            return
        }
        if let old = paramIndex[name] {
            error("asm.duplicate-param", "parameter '\(name)' is already declared", line.view, at, notes: [(old.site, "first declared here")])
            return
        }
        guard params.count < Limits.maxParams else {
            error("asm.range", "too many parameters (at most \(Limits.maxParams))", line.view, at)
            return
        }
        paramIndex[name] = (params.count, line.view.site(at))
        params.append(ParamDecl(name: name, kind: kind))
    }

    /// `.equ NAME, EXPR`.
    private func equ(_ line: StatementTokens) {
        guard let r = expectOperands(line, 2, "'.equ' takes a name and a value: .equ NAME, EXPR"),
              let name = nameOperand(line, r[0], "a constant name") else { return }
        let at = line.offset(of: r[0])
        guard checkNewName(name, "constant", line.view, at), checkUnusedSymbolName(name, line.view, at) else { return }
        do {
            let v = try evaluate(line, r[1])
            symbols[name] = Symbol(kind: .constant, value: v, site: line.view.site(at), used: true)
        } catch {
            self.error(error, line.view)
        }
    }

    /// `.reg NAME, rN` (an alias may be given a new register later; other names may not).
    private func reg(_ line: StatementTokens) {
        guard let r = expectOperands(line, 2, "'.reg' takes a name and a register: .reg NAME, rN"),
              let name = nameOperand(line, r[0], "an alias name"),
              let target = nameOperand(line, r[1], "a register r0 ... r31") else { return }
        let at = line.offset(of: r[0])
        guard checkNewName(name, "register alias", line.view, at) else { return }
        if registerAliases[name] == nil, !checkUnusedSymbolName(name, line.view, at) { return }
        guard let n = Self.registerNumber(target) else {
            error("asm.operand-kind", "'\(target)' is not a register (r0 ... r31)", line.view, line.offset(of: r[1]))
            return
        }
        guard let reg = Register(n) else {
            error("asm.bad-register", "no register '\(target)': registers are r0 ... r\(Register.count - 1)", line.view, line.offset(of: r[1]))
            return
        }
        registerAliases[name] = (reg, line.view.site(at))
    }

    /// `.buffer NAME, SIZE[, ALIGN[, OFFSET]]`: laid out after the previous buffers unless an
    /// OFFSET is given (the disassembler writes one when a layout is not the sequential one).
    private func buffer(_ line: StatementTokens) {
        var ranges = line.operandRanges
        if ranges.count == 1, ranges[0].isEmpty { ranges = [] }
        let usage = "'.buffer' takes a name, a size, and optionally an alignment and an offset: .buffer NAME, SIZE[, ALIGN[, OFFSET]]"
        guard (2...4).contains(ranges.count), let r = expectOperands(line, ranges.count, usage),
              let name = nameOperand(line, r[0], "a buffer name") else {
            if !(2...4).contains(ranges.count) { error("asm.operand-count", usage, line.view, line.headToken.start) }
            return
        }
        let at = line.offset(of: r[0])
        guard checkNewName(name, "buffer", line.view, at), checkUnusedSymbolName(name, line.view, at) else { return }
        do {
            let size = try evaluate(line, r[1])
            guard size >= 0, size <= Int64(UInt32.max) else {
                error("asm.range", "buffer size \(size) is outside 0...\(UInt32.max)", line.view, line.offset(of: r[1]))
                return
            }
            var align: Int64 = 32
            if r.count >= 3 {
                align = try evaluate(line, r[2])
                guard align >= 32, align <= 1 << 31, align & (align - 1) == 0 else {
                    error("asm.buffer-alignment", "buffer alignment \(align) is not a power of two >= 32", line.view, line.offset(of: r[2]))
                    return
                }
            }
            var offset = (Int64(ubCursor) + align - 1) / align * align
            if r.count == 4 {
                offset = try evaluate(line, r[3])
                guard offset >= 0, offset <= Int64(UInt32.max), offset % align == 0 else {
                    error("asm.alignment", "buffer offset \(offset) is not a \(align)-aligned UB offset", line.view, line.offset(of: r[3]))
                    return
                }
            }
            guard offset <= Int64(UInt32.max) else {
                error("asm.ub-overflow", "buffer '\(name)' would start at byte \(offset), beyond any UB", line.view, at)
                return
            }
            ubCursor = max(ubCursor, UInt64(offset) + UInt64(size))
            let index = buffers.count
            buffers.append(BufferDecl(name: name, offset: UInt32(offset), size: UInt32(size), alignment: UInt32(align)))
            bufferSites.append(line.view.site(at))
            symbols[name] = Symbol(kind: .buffer(index), value: offset, site: line.view.site(at))
        } catch {
            self.error(error, line.view)
        }
    }

    /// `.ubsize BYTES`: before any buffer or instruction, since both are checked against it.
    private func ubsizeDirective(_ line: StatementTokens) {
        guard let r = expectOperands(line, 1, "'.ubsize' takes a byte count") else { return }
        let at = line.headToken.start
        if let old = ubSizeSite {
            error("asm.duplicate-symbol", "'.ubsize' is already given", line.view, at, notes: [(old, "first given here")])
            return
        }
        guard buffers.isEmpty, instructions.isEmpty else {
            error("asm.ubsize-late", "'.ubsize' must come before the first buffer and instruction", line.view, at)
            return
        }
        do {
            let v = try evaluate(line, r[0])
            guard v > 0, v <= Int64(UInt32.max), v % 32 == 0 else {
                error("asm.range", "UB size \(v) is not a positive multiple of 32 below 2^32", line.view, line.offset(of: r[0]))
                return
            }
            ubSize = UInt32(v)
            ubSizeSite = line.view.site(at)
        } catch {
            self.error(error, line.view)
        }
    }

    /// `.file N "PATH"`: declares entry N of the debug file table (entries in order from 0).
    private func fileDirective(_ line: StatementTokens) {
        let t = line.tokens
        let i = line.head + 1
        guard t.count == i + 2, t[i].kind == .integer, t[i + 1].kind == .string else {
            error("asm.syntax", "'.file' takes a number and a path in quotes: .file N \"PATH\"", line.view, line.offset(of: i..<t.count))
            return
        }
        guard t[i].value == UInt64(explicitFiles.count), explicitFiles.count < Int(UInt16.max) else {
            error("asm.file-number", "'.file' numbers must count up from 0: expected \(explicitFiles.count), found \(t[i].value)", line.view, t[i].start)
            return
        }
        explicitFiles.append(line.strings[Int(t[i + 1].value)])
        usesLoc = true
    }

    /// `.loc N LINE COL`: the source location of the following instructions.
    private func locDirective(_ line: StatementTokens) {
        let t = line.tokens
        let i = line.head + 1
        guard t.count == i + 3, t[i].kind == .integer, t[i + 1].kind == .integer, t[i + 2].kind == .integer else {
            error("asm.syntax", "'.loc' takes three numbers: .loc FILE LINE COLUMN", line.view, line.offset(of: i..<t.count))
            return
        }
        guard t[i].value < UInt64(explicitFiles.count) else {
            error("asm.file-number", "'.loc' names file \(t[i].value), but only \(explicitFiles.count) were declared with '.file'", line.view, t[i].start)
            return
        }
        guard t[i + 1].value <= UInt64(UInt32.max), t[i + 2].value <= UInt64(UInt16.max) else {
            error("asm.range", "'.loc' line must fit in 32 bits and column in 16 bits", line.view, t[i + 1].start)
            return
        }
        currentLoc = SourceLocation(file: UInt16(t[i].value), line: UInt32(t[i + 1].value), column: UInt16(t[i + 2].value))
        usesLoc = true
    }
}

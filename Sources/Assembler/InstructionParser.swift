import ISA

/// Instructions: the mnemonic and type suffix are looked up in the opcode table, and each
/// operand is parsed by the kind the table gives it (OperandParser.swift). There is no code for
/// any particular mnemonic: a row added to the table is assembled, disassembled and checked
/// without touching this file.
extension AssemblyContext {
    func instruction(_ word: String, _ line: StatementTokens) {
        let view = line.view
        let at = line.headToken.start
        let (mnemonic, suffixText) = Self.splitMnemonic(word)
        guard let spec = OpcodeTable.spec(mnemonic: mnemonic) else {
            let lower = mnemonic.lowercased()
            let hint = lower != mnemonic && OpcodeTable.spec(mnemonic: lower) != nil ? " (mnemonics are lower case: '\(lower)')" : ""
            error("asm.unknown-mnemonic", "unknown mnemonic '\(mnemonic)'\(hint)", view, at)
            return
        }
        guard let suffix = parseSuffix(suffixText, spec: spec, view: view, at: at + mnemonic.utf8.count) else { return }

        var ranges = line.operandRanges
        if ranges.count == 1, ranges[0].isEmpty { ranges = [] }
        guard ranges.count == spec.operands.count else {
            let names = spec.operands.map(\.name).joined(separator: ", ")
            let takes = spec.operands.isEmpty ? "takes no operands" : "takes \(spec.operands.count) operand\(spec.operands.count == 1 ? "" : "s") (\(names))"
            let where_ = ranges.count > spec.operands.count ? line.offset(of: ranges[spec.operands.count]) : at
            error("asm.operand-count", "\(spec.mnemonic) \(takes), found \(ranges.count)", view, where_)
            return
        }
        let pc = instructions.count
        var operands: [Operand] = []
        operands.reserveCapacity(ranges.count)
        var failed = false
        for (k, o) in spec.operands.enumerated() {
            let r = ranges[k]
            if r.isEmpty {
                error("asm.syntax", "operand \(k + 1) (\(o.name)) of \(spec.mnemonic) is empty", view, line.offset(of: r))
                failed = true
                continue
            }
            do {
                let value = try operand(o, index: k, spec: spec, suffix: suffix, line: line, range: r, pc: pc)
                operands.append(value)
            } catch {
                let e = error
                self.error(e.id, "\(spec.mnemonic) operand \(k + 1) (\(o.name)): \(e.message)", view, e.offset)
                failed = true
            }
        }
        if failed {
            fixups.removeAll { $0.pc == pc }
            return
        }
        instructions.append(Instruction(spec.opcode, suffix: suffix, operands))
        if let loc = currentLoc {
            locations.append(.explicit(loc))
        } else {
            locations.append(.site(view.site(at)))
        }
    }

    /// `vcvt.f32.f16` -> (`vcvt`, `f32.f16`).
    static func splitMnemonic(_ word: String) -> (String, Substring) {
        guard let dot = word.firstIndex(of: ".") else { return (word, "") }
        return (String(word[..<dot]), word[word.index(after: dot)...])
    }

    /// The type suffix written after the mnemonic, checked against the table row.
    private func parseSuffix(_ text: Substring, spec: OpcodeSpec, view: LineView, at: Int) -> TypeSuffix? {
        let allowed = spec.suffixes.map { $0.description }.joined(separator: ", ")
        if text.isEmpty {
            if spec.allows(.none) { return TypeSuffix.none }
            error("asm.missing-suffix", "\(spec.mnemonic) needs a type suffix (one of \(allowed))", view, at)
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var types: [ElementType] = []
        for p in parts {
            guard let t = ElementType(name: String(p)) else {
                error("asm.unknown-suffix", "unknown type suffix '.\(text)' (types: \(ElementType.allCases.map(\.name).joined(separator: ", ")))", view, at)
                return nil
            }
            types.append(t)
        }
        let suffix: TypeSuffix
        switch types.count {
        case 1: suffix = .single(types[0])
        case 2: suffix = .pair(types[0], types[1])
        default:
            error("asm.unknown-suffix", "type suffix '.\(text)' has more than two types", view, at)
            return nil
        }
        guard spec.allows(suffix) else {
            let what = spec.hasSuffix ? "takes \(allowed)" : "takes no type suffix"
            error("asm.suffix-not-allowed", "\(spec.mnemonic) does not take '\(suffix)': it \(what)", view, at)
            return nil
        }
        return suffix
    }
}

/// Generates docs/ISA.md from the opcode table, so that the reference cannot drift from what the
/// assembler, the bytecode and the interpreter do.
///
/// Everything per instruction (opcode number, signature, operand kinds and ranges, pipe, cost
/// formula, semantics) comes from `OpcodeTable.all`; everything per operand kind, type suffix and
/// enumerated value comes from the enums of this module. The cost numbers are not printed: they
/// belong to the interpreter's machine description, and the table names only the formula.
///
/// A test in Tests/ISATests compares the committed docs/ISA.md with `markdown()`; run
/// `REGENERATE_DOCS=1 swift test --filter ISATests.ISADocumentationTests` to rewrite it.
public enum ISADocumentation {
    /// The whole of docs/ISA.md.
    public static func markdown() -> String {
        var out: [String] = []
        out += header()
        out += contents()
        for group in OpcodeGroup.allCases {
            out += groupSection(group)
        }
        out += operandKindSection()
        out += enumeratedValuesSection()
        out += suffixSection()
        out += costSection()
        out += opcodeMap()
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    private static func header() -> [String] {
        [
            "# The instruction set",
            "",
            "<!-- Generated from Sources/ISA/OpcodeTable.swift by ISADocumentation.markdown(). Do not edit:",
            "     run `REGENERATE_DOCS=1 swift test --filter ISATests.ISADocumentationTests` to regenerate. -->",
            "",
            "ISA version \(ISAVersion.current), bytecode format version \(BytecodeFormat.version): \(OpcodeTable.all.count) instructions.",
            "The text syntax around the instructions (labels, directives, expressions) is in docs/Assembly.md;",
            "the byte encoding is in docs/Bytecode.md.",
            "",
            "Each instruction is a mnemonic, an optional type suffix (`vadd.f32`, `vcvt.f32.f16`) and",
            "comma-separated operands. The signature lists the allowed suffixes in braces and the operands",
            "by name; the operand column gives each operand's kind (see [Operand kinds](#operand-kinds)) and,",
            "where the table restricts it, the range an immediate must lie in (checked by the assembler and",
            "again by the bytecode loader). Vector operands are UB byte addresses; `n` is an element count.",
            "The pipe is the in-order queue that executes the instruction; the cost column names the",
            "formula of the cycle model (see [Cost formulas](#cost-formulas)), whose numbers live in the",
            "interpreter's machine description.",
            "",
        ]
    }

    private static func contents() -> [String] {
        var out = ["## Contents", ""]
        for group in OpcodeGroup.allCases where !specs(in: group).isEmpty {
            out.append("- [\(group.rawValue)](#\(anchor(group.rawValue)))")
        }
        for title in ["Operand kinds", "Enumerated operand values", "Type suffixes", "Cost formulas", "Opcode map"] {
            out.append("- [\(title)](#\(anchor(title)))")
        }
        out.append("")
        return out
    }

    private static func groupSection(_ group: OpcodeGroup) -> [String] {
        let rows = specs(in: group)
        guard !rows.isEmpty else { return [] }
        var out = ["## \(group.rawValue)", ""]
        out.append("| opcode | signature | operands | pipe | cost | semantics |")
        out.append("|---|---|---|---|---|---|")
        for s in rows {
            let cells = [
                "`0x\(hex(s.opcode.rawValue))`",
                "`\(s.signature)`",
                operandList(s),
                pipeText(s),
                costText(s.cost),
                s.semantics,
            ]
            out.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }

    private static func operandKindSection() -> [String] {
        var out = [
            "## Operand kinds",
            "",
            "How each kind of operand is written and how it is encoded in bytecode (docs/Bytecode.md). A",
            "register-or-immediate operand is one tag byte followed by its value: tags `0x00`-`0x1f` name",
            "registers `r0`-`r31` (no further bytes); tag `0x\(hex(BytecodeFormat.tagImm32))` is followed by a 4-byte and tag `0x\(hex(BytecodeFormat.tagImm64))` by",
            "an 8-byte little-endian two's-complement immediate, the 8-byte form only for values outside",
            "the 32-bit range (the canonical form).",
            "",
            "| kind | written as | register allowed | encoding | bytes | checks on immediates |",
            "|---|---|---|---|---|---|",
        ]
        for k in OperandKind.allCases {
            let cells = [
                "`\(k.rawValue)`",
                k.syntax,
                k == .reg ? "only" : (k.isRegisterOrImmediate ? "yes" : "no"),
                encodingText(k),
                widthText(k),
                checkText(k),
            ]
            out.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }

    private static func enumeratedValuesSection() -> [String] {
        var out = [
            "## Enumerated operand values",
            "",
            "Names are case-insensitive in assembly; the byte is what bytecode holds.",
            "",
            "| kind | values (name = byte) |",
            "|---|---|",
        ]
        out.append("| `pipe` | " + Pipe.allCases.map { "`\($0.name)` = \($0.rawValue)" }.joined(separator: ", ") + " |")
        out.append("| `barrier` | " + BarrierTarget.allCases.map { "`\($0.name)` = \($0.rawValue)" }.joined(separator: ", ")
            + " (`S` = 0 is illegal) |")
        out.append("| `flag` | the id itself, 0 to 7 |")
        out.append("| `cond` | " + Condition.allCases.map { "`\($0.name)` = \($0.rawValue)" }.joined(separator: ", ") + " |")
        out.append("| `round` | " + RoundMode.allCases.map { "`\($0.name)` = \($0.rawValue)" }.joined(separator: ", ") + " |")
        out.append("| `param` | the parameter's index in declaration order, 0 to \(Limits.maxParams - 1) |")
        out.append("")
        return out
    }

    private static func suffixSection() -> [String] {
        var out = [
            "## Type suffixes",
            "",
            "An instruction whose signature shows a suffix must have exactly one of the listed ones; the",
            "others take none. In bytecode the suffix is one byte after the opcode, present only for",
            "instructions that take a suffix: the element type's byte for a single type, and",
            "`dst << 4 | src` for a conversion pair (always `0x11` or more, so the forms never collide).",
            "",
            "| suffix | byte | element size (bytes) | kind |",
            "|---|---|---|---|",
        ]
        for t in ElementType.allCases {
            out.append("| `.\(t.name)` | `0x\(hex(t.rawValue))` | \(t.size) | \(t.isFloat ? "float" : "integer") |")
        }
        out.append("")
        var pairs: [TypeSuffix] = []
        for s in OpcodeTable.all {
            for sfx in s.suffixes where !pairs.contains(sfx) {
                if case .pair = sfx { pairs.append(sfx) }
            }
        }
        if !pairs.isEmpty {
            out.append("Conversion pairs in use (destination first):")
            out.append("")
            out.append("| suffix | byte |")
            out.append("|---|---|")
            for p in pairs { out.append("| `\(p)` | `0x\(hex(p.byte))` |") }
            out.append("")
        }
        return out
    }

    private static func costSection() -> [String] {
        var out = [
            "## Cost formulas",
            "",
            "The cost column names one of these formulas; the machine description gives each its numbers",
            "(so presets and `--machine` files change costs without touching the ISA). For vector",
            "instructions one repeat is 256 bytes of the destination (64 fp32 or 128 fp16 elements), so",
            "repeats = ceil(n × element size / 256).",
            "",
            "| formula | charged as |",
            "|---|---|",
        ]
        var seen: [String] = []
        for s in OpcodeTable.all {
            for (name, meaning) in costEntries(s.cost) where !seen.contains(name) {
                seen.append(name)
                out.append("| \(cell(name)) | \(cell(meaning)) |")
            }
        }
        out.append("")
        let used = Set(OpcodeTable.all.flatMap { vectorClasses($0.cost) })
        out.append("Vector cost classes used by the table: "
            + VectorCostClass.allCases.filter(used.contains).map { "`\($0.rawValue)`" }.joined(separator: ", ") + ".")
        out.append("")
        return out
    }

    private static func opcodeMap() -> [String] {
        var out = [
            "## Opcode map",
            "",
            "Opcode numbers are stable: a new instruction takes a free number and bumps the ISA version;",
            "no number is ever reused. Rows are the high nibble, columns the low nibble; empty cells are",
            "unassigned (the bytecode loader rejects them with `bytecode.opcode`).",
            "",
            "| | " + (0..<16).map { "_\(hexDigit(UInt8($0)))" }.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: 16),
        ]
        for hi in 0..<16 {
            let row = (0..<16).map { lo in Opcode(UInt8(hi << 4 | lo)).spec.map { "`\($0.mnemonic)`" } ?? "" }
            guard row.contains(where: { !$0.isEmpty }) else { continue }
            out.append("| **\(hexDigit(UInt8(hi)))_** | " + row.joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }

    // MARK: - Cells

    private static func specs(in group: OpcodeGroup) -> [OpcodeSpec] {
        OpcodeTable.all.filter { $0.group == group }.sorted { $0.opcode < $1.opcode }
    }

    private static func operandList(_ s: OpcodeSpec) -> String {
        guard !s.operands.isEmpty else { return "none" }
        return s.operands.map { o in
            var t = "`\(o.name)` \(o.kind.rawValue)"
            if let r = o.range { t += " " + rangeText(r) }
            return t
        }.joined(separator: "<br>")
    }

    private static func rangeText(_ r: ClosedRange<Int64>) -> String {
        "\(number(r.lowerBound))..\(number(r.upperBound))"
    }

    /// Large bounds by name, so the table stays readable.
    private static func number(_ v: Int64) -> String {
        switch v {
        case Int64.max: "2^63-1"
        case Int64(UInt32.max): "2^32-1"
        case Limits.maxVectorElements: "2^24"
        case Limits.maxPadBytes: "2^21"
        default: "\(v)"
        }
    }

    private static func pipeText(_ s: OpcodeSpec) -> String {
        switch s.pipe {
        case .fixed(let p): p.name
        case .operand(let i): "the pipe named by `\(s.operands[i].name)`"
        case .barrierOperand(let i): "the pipe named by `\(s.operands[i].name)` (S for `ALL`)"
        }
    }

    /// The vector cost classes a cost spec can charge.
    private static func vectorClasses(_ c: CostSpec) -> [VectorCostClass] {
        switch c {
        case .vector(let k): [k]
        case .vectorCompare: [.compareFast, .compareSlow]
        case .gather: [.gather16, .gather32]
        default: []
        }
    }

    private static func costText(_ c: CostSpec) -> String {
        costEntries(c).map(\.0).joined(separator: " or ")
    }

    /// The formula name(s) of a cost spec and what each means, in words.
    private static func costEntries(_ c: CostSpec) -> [(String, String)] {
        let vector = "the class's startup plus its slope per repeat; the startup is hidden when the V queue already has work"
        switch c {
        case .scalar: return [("scalar: one scalar cycle", "the scalar unit's cycles per instruction")]
        case .scalarMul: return [("scalar: multiply", "the scalar unit's cycles for a multiply")]
        case .scalarDiv: return [("scalar: divide", "the scalar unit's cycles for a divide or remainder")]
        case .branch: return [("scalar: branch", "the cycles of a branch, taken or not")]
        case .scalarUB: return [("scalar: UB access", "the cycles of a scalar load or store of the UB")]
        case .scalarGM: return [("scalar: GM access", "the cycles of a scalar load or store of GM through the scalar cache")]
        case .vector(let k): return [("vector: startup + slope × repeats, class `\(k.rawValue)`", vector)]
        case .vectorCompare:
            return [("vector: startup + slope × repeats, class `\(VectorCostClass.compareFast.rawValue)` (eq, lt, gt) or `\(VectorCostClass.compareSlow.rawValue)` (ge, le, ne)",
                     vector + "; the class follows the condition operand")]
        case .gather:
            return [("vector: startup + slope × repeats, class `\(VectorCostClass.gather16.rawValue)` or `\(VectorCostClass.gather32.rawValue)` by element size",
                     vector + "; the class follows the element size of the suffix")]
        case .dmaIn: return [("MTE2: latency + bytes / read rate", "a GM to UB copy: a fixed latency plus the bytes at the per-core read rate, within the chip's shared GM bandwidth")]
        case .dmaOut: return [("MTE3: latency + bytes / write rate", "a UB to GM copy: a fixed latency plus the bytes at the per-core write rate, within the chip's shared GM bandwidth")]
        case .dmaGather: return [("MTE2: one request per piece", "n small GM reads, each charged as its own request")]
        case .dmaScatterAdd: return [("MTE3: one atomic request per piece", "n small atomic adds into GM, each charged as its own request")]
        case .flag: return [("sync: flag", "the fixed cycles of set_flag or wait_flag (plus any time spent waiting)")]
        case .barrier: return [("sync: barrier", "the drain cycles of pipe_barrier (plus any time spent waiting for the pipe)")]
        case .syncAll: return [("sync: all cores", "the cycles of a cross-core barrier (plus any time spent waiting for the other cores)")]
        }
    }

    private static func encodingText(_ k: OperandKind) -> String {
        if k == .reg { return "1 byte: register number 0..31" }
        if k == .label { return "u32 little-endian: the target's instruction index" }
        if k.isEnumerated { return "1 byte: the value (see [Enumerated operand values](#enumerated-operand-values))" }
        if k.isRegisterOrImmediate {
            var t = "tag byte, then for tag `0x\(hex(BytecodeFormat.tagImm32))` an i32, for `0x\(hex(BytecodeFormat.tagImm64))` an i64"
            if k == .float { t += "; the immediate is an IEEE binary32 bit pattern in its low 32 bits" }
            if k == .scalar { t += "; a float immediate (float suffix) is an IEEE binary32 bit pattern in its low 32 bits" }
            return t
        }
        return ""
    }

    private static func widthText(_ k: OperandKind) -> String {
        if k == .reg || k.isEnumerated { return "1" }
        if k == .label { return "4" }
        return "1 (register), 5 (32-bit immediate) or 9 (64-bit immediate)"
    }

    private static func checkText(_ k: OperandKind) -> String {
        switch k {
        case .reg: "register number below 32"
        case .int, .float, .scalar: "the operand's range, if the table gives one"
        case .ub: "the operand's range; 32-byte aligned; below the UB size"
        case .ubByte: "the operand's range; aligned to the suffix's element size; the element inside the UB"
        case .gm: "the operand's range (0..2^63-1); the address itself is checked at run time"
        case .label: "an instruction index of the program"
        case .pipe: "one of the four pipes"
        case .barrier: "a barrier target; `S` is illegal (`bytecode.barrier`)"
        case .flag: "0..7 (`bytecode.flag`); `set_flag` and `wait_flag` need two different pipes"
        case .cond: "one of the six conditions"
        case .round: "one of the five rounding modes"
        case .param: "the index of a declared parameter (`bytecode.param`)"
        }
    }

    /// Escapes a table cell (pipes would end the cell).
    private static func cell(_ s: String) -> String {
        s.replacingPipes()
    }

    private static func anchor(_ title: String) -> String {
        String(title.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
        })
    }

    private static func hexDigit(_ v: UInt8) -> String {
        String(Array("0123456789abcdef")[Int(v & 0xF)])
    }
}

private extension String {
    /// `|` inside a Markdown table cell must be escaped.
    func replacingPipes() -> String {
        var r = ""
        for c in self {
            if c == "|" { r += "\\|" } else { r.append(c) }
        }
        return r
    }
}

/// The opcode table: the single source of every instruction of the ISA.
///
/// The assembler parses operands by the kinds listed here, the bytecode writer and reader encode
/// them by kind, the validator checks immediates against the ranges here, the interpreter
/// dispatches on the opcode and charges the cost formula named here, and docs/ISA.md is generated
/// from it (a test keeps the committed file in step). Opcode numbers are stable: never renumber a
/// row, only add rows with free numbers and bump `ISAVersion.current`.
public enum OpcodeTable {
    /// Every instruction, in opcode order.
    public static let all: [OpcodeSpec] = build().sorted { $0.opcode < $1.opcode }

    /// Lookup by opcode byte: nil for unassigned numbers.
    private static let byOpcode: [OpcodeSpec?] = {
        var t = [OpcodeSpec?](repeating: nil, count: 256)
        for s in all { t[Int(s.opcode.rawValue)] = s }
        return t
    }()

    private static let byMnemonic: [String: OpcodeSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.mnemonic, $0) })

    public static func spec(for opcode: Opcode) -> OpcodeSpec? { byOpcode[Int(opcode.rawValue)] }

    public static func spec(mnemonic: String) -> OpcodeSpec? { byMnemonic[mnemonic] }

    // MARK: - Operand shorthands

    private static func r(_ n: String) -> OperandSpec { OperandSpec(n, .reg) }
    private static func int(_ n: String, _ range: ClosedRange<Int64>? = nil) -> OperandSpec { OperandSpec(n, .int, range) }
    private static func flt(_ n: String) -> OperandSpec { OperandSpec(n, .float) }
    private static func sc(_ n: String) -> OperandSpec { OperandSpec(n, .scalar) }
    private static func ub(_ n: String) -> OperandSpec { OperandSpec(n, .ub, 0...Int64(UInt32.max)) }
    private static func ubb(_ n: String) -> OperandSpec { OperandSpec(n, .ubByte, 0...Int64(UInt32.max)) }
    private static func gm(_ n: String) -> OperandSpec { OperandSpec(n, .gm, 0...Int64.max) }
    /// Element count of a vector instruction.
    private static let n = OperandSpec("n", .int, 0...Limits.maxVectorElements)

    private static let floats: [TypeSuffix] = [.single(.f16), .single(.f32)]
    private static let numeric: [TypeSuffix] = [.single(.f16), .single(.f32), .single(.i32), .single(.u32)]
    private static let signedNumeric: [TypeSuffix] = [.single(.f16), .single(.f32), .single(.i32)]
    private static let ints: [TypeSuffix] = [.single(.i32), .single(.u32)]
    private static let atomics: [TypeSuffix] = [.single(.f16), .single(.f32), .single(.i32)]
    private static let scalarMemory: [TypeSuffix] = ElementType.allCases.map { .single($0) }
    private static let conversions: [TypeSuffix] = [
        .pair(.f32, .f16), .pair(.f16, .f32), .pair(.f32, .i32), .pair(.i32, .f32),
        .pair(.f16, .i32), .pair(.i32, .f16), .pair(.u32, .i32), .pair(.i32, .u32),
    ]

    // MARK: - The table

    private static func build() -> [OpcodeSpec] {
        var t: [OpcodeSpec] = []
        let S = PipeSpec.fixed(.s), V = PipeSpec.fixed(.v), M2 = PipeSpec.fixed(.mte2), M3 = PipeSpec.fixed(.mte3)

        // Scalar integer (0x00-0x1f).
        t.append(.init(0x00, "nop", .scalar, [], pipe: S, cost: .scalar, "do nothing for one scalar cycle"))
        t.append(.init(0x01, "mov", .scalar, [r("rd"), int("a")], pipe: S, cost: .scalar, "rd = a"))
        let binary: [(UInt8, String, CostSpec, String)] = [
            (0x02, "add", .scalar, "rd = ra + b (wrapping)"),
            (0x03, "sub", .scalar, "rd = ra - b (wrapping)"),
            (0x04, "mul", .scalarMul, "rd = ra * b (wrapping)"),
            (0x05, "div", .scalarDiv, "rd = ra / b, signed, rounding toward zero; b = 0 is a runtime error"),
            (0x06, "rem", .scalarDiv, "rd = ra % b, signed, sign of ra; b = 0 is a runtime error"),
            (0x07, "and", .scalar, "rd = ra & b"),
            (0x08, "or", .scalar, "rd = ra | b"),
            (0x09, "xor", .scalar, "rd = ra ^ b"),
            (0x0a, "shl", .scalar, "rd = ra << (b & 63)"),
            (0x0b, "shr", .scalar, "rd = ra >> (b & 63), logical"),
            (0x0c, "sar", .scalar, "rd = ra >> (b & 63), arithmetic"),
            (0x0d, "min", .scalar, "rd = min(ra, b), signed"),
            (0x0e, "max", .scalar, "rd = max(ra, b), signed"),
        ]
        for (c, m, cost, sem) in binary {
            t.append(.init(c, m, .scalar, [r("rd"), r("ra"), int("b")], pipe: S, cost: cost, sem))
        }
        t.append(.init(0x0f, "cset", .scalar, [r("rd"), r("ra"), int("b"), OperandSpec("cond", .cond)], pipe: S, cost: .scalar,
                       "rd = (ra cond b) ? 1 : 0, signed"))
        t.append(.init(0x10, "coreid", .scalar, [r("rd")], pipe: S, cost: .scalar, "rd = index of this core, 0 ..< corenum"))
        t.append(.init(0x11, "corenum", .scalar, [r("rd")], pipe: S, cost: .scalar, "rd = number of cores running the kernel"))
        t.append(.init(0x12, "ldparam", .scalar, [r("rd"), OperandSpec("p", .param)], pipe: S, cost: .scalar,
                       "rd = value of kernel parameter p (a GM base address, an integer, or f32 bits)"))

        // Scalar float on f32 bit patterns (0x20-0x2f).
        t.append(.init(0x20, "fmov", .scalarFloat, [r("rd"), flt("a")], pipe: S, cost: .scalar, "rd = a (f32 bits)"))
        let fbinary: [(UInt8, String, CostSpec, String)] = [
            (0x21, "fadd", .scalar, "rd = ra + b in f32"),
            (0x22, "fsub", .scalar, "rd = ra - b in f32"),
            (0x23, "fmul", .scalarMul, "rd = ra * b in f32"),
            (0x24, "fdiv", .scalarDiv, "rd = ra / b in f32 (IEEE: no trap)"),
            (0x25, "fmin", .scalar, "rd = min(ra, b) in f32"),
            (0x26, "fmax", .scalar, "rd = max(ra, b) in f32"),
        ]
        for (c, m, cost, sem) in fbinary {
            t.append(.init(c, m, .scalarFloat, [r("rd"), r("ra"), flt("b")], pipe: S, cost: cost, sem))
        }
        t.append(.init(0x27, "fcset", .scalarFloat, [r("rd"), r("ra"), flt("b"), OperandSpec("cond", .cond)], pipe: S, cost: .scalar,
                       "rd = (ra cond b) ? 1 : 0 in f32 (false on NaN except ne)"))
        t.append(.init(0x28, "itof", .scalarFloat, [r("rd"), r("ra")], pipe: S, cost: .scalar, "rd = f32(ra), signed 64-bit to f32, nearest even"))
        t.append(.init(0x29, "ftoi", .scalarFloat, [r("rd"), r("ra"), OperandSpec("mode", .round)], pipe: S, cost: .scalar,
                       "rd = Int64(round(ra)) with the given rounding; NaN and out-of-range are runtime errors"))

        // Scalar memory (0x30-0x3f).
        t.append(.init(0x30, "ld", .scalarMemory, suffixes: scalarMemory, [r("rd"), ubb("addr")], pipe: S, cost: .scalarUB,
                       "rd = UB[addr] as the suffix type (f16 widens to f32 bits; u8/u32 zero-extend, i32 sign-extends)"))
        t.append(.init(0x31, "st", .scalarMemory, suffixes: scalarMemory, [int("a"), ubb("addr")], pipe: S, cost: .scalarUB,
                       "UB[addr] = a as the suffix type (f16 narrows f32 bits, nearest even)"))
        t.append(.init(0x32, "ldg", .scalarMemory, suffixes: scalarMemory, [r("rd"), gm("addr")], pipe: S, cost: .scalarGM,
                       "rd = GM[addr] as the suffix type, through the scalar cache"))
        t.append(.init(0x33, "stg", .scalarMemory, suffixes: scalarMemory, [int("a"), gm("addr")], pipe: S, cost: .scalarGM,
                       "GM[addr] = a as the suffix type, through the scalar cache"))

        // Control flow (0x38-0x3f).
        t.append(.init(0x38, "jmp", .control, [OperandSpec("target", .label)], pipe: S, cost: .branch, "continue at target"))
        let branches: [(UInt8, Condition)] = [(0x39, .eq), (0x3a, .ne), (0x3b, .lt), (0x3c, .le), (0x3d, .gt), (0x3e, .ge)]
        for (c, cond) in branches {
            t.append(.init(c, "b" + cond.name, .control, [r("ra"), int("b"), OperandSpec("target", .label)], pipe: S, cost: .branch,
                           "continue at target if ra \(cond.name) b (signed)"))
        }
        t.append(.init(0x3f, "end", .control, [], pipe: S, cost: .scalar,
                       "end the kernel on this core once every pipe has drained"))
        t.append(.init(0x37, "trap", .control, [int("code", 0...65535)], pipe: S, cost: .scalar,
                       "stop the whole run with a runtime error carrying code (a kernel's own check failed)"))

        // Vector arithmetic (0x40-0x5f). n is the element count; operands are UB addresses.
        let vbinary: [(UInt8, String, [TypeSuffix], String)] = [
            (0x40, "vadd", numeric, "dst[i] = a[i] + b[i]"),
            (0x41, "vsub", numeric, "dst[i] = a[i] - b[i]"),
            (0x42, "vmul", numeric, "dst[i] = a[i] * b[i]"),
            (0x43, "vdiv", floats, "dst[i] = a[i] / b[i]"),
            (0x44, "vmax", numeric, "dst[i] = max(a[i], b[i])"),
            (0x45, "vmin", numeric, "dst[i] = min(a[i], b[i])"),
            (0x46, "vand", ints, "dst[i] = a[i] & b[i]"),
            (0x47, "vor", ints, "dst[i] = a[i] | b[i]"),
            (0x48, "vmla", floats, "dst[i] = dst[i] + a[i] * b[i] (fp32 arithmetic)"),
        ]
        for (c, m, sfx, sem) in vbinary {
            t.append(.init(c, m, .vector, suffixes: sfx, [ub("dst"), ub("a"), ub("b"), n], pipe: V,
                           cost: .vector(c == 0x43 ? .div : .binary), sem))
        }
        let vscalar: [(UInt8, String, [TypeSuffix], String)] = [
            (0x50, "vadds", numeric, "dst[i] = a[i] + s"),
            (0x51, "vmuls", numeric, "dst[i] = a[i] * s"),
            (0x52, "vmaxs", numeric, "dst[i] = max(a[i], s)"),
            (0x53, "vmins", numeric, "dst[i] = min(a[i], s)"),
            (0x54, "vaxpy", floats, "dst[i] = dst[i] + a[i] * s (fp32 arithmetic)"),
        ]
        for (c, m, sfx, sem) in vscalar {
            t.append(.init(c, m, .vector, suffixes: sfx, [ub("dst"), ub("a"), sc("s"), n], pipe: V, cost: .vector(.binaryScalar), sem))
        }
        t.append(.init(0x55, "vdup", .vector, suffixes: numeric, [ub("dst"), sc("s"), n], pipe: V, cost: .vector(.dup), "dst[i] = s"))
        t.append(.init(0x56, "vmov", .vector, suffixes: numeric, [ub("dst"), ub("a"), n], pipe: V, cost: .vector(.dup), "dst[i] = a[i]"))
        t.append(.init(0x57, "vci", .vector, suffixes: numeric, [ub("dst"), sc("start"), n], pipe: V, cost: .vector(.dup),
                       "dst[i] = start + i (an index vector)"))

        // Compare, select, masks (0x60-0x67). A mask holds one bit per element, LSB first.
        t.append(.init(0x60, "vcmp", .vectorCompare, suffixes: signedNumeric,
                       [ub("mask"), ub("a"), ub("b"), n, OperandSpec("cond", .cond)], pipe: V, cost: .vectorCompare,
                       "mask bit i = a[i] cond b[i]"))
        t.append(.init(0x61, "vcmps", .vectorCompare, suffixes: signedNumeric,
                       [ub("mask"), ub("a"), sc("s"), n, OperandSpec("cond", .cond)], pipe: V, cost: .vectorCompare,
                       "mask bit i = a[i] cond s"))
        t.append(.init(0x62, "vsel", .vectorCompare, suffixes: numeric, [ub("dst"), ub("mask"), ub("a"), ub("b"), n], pipe: V,
                       cost: .vector(.select), "dst[i] = mask bit i ? a[i] : b[i]"))
        t.append(.init(0x63, "vsels", .vectorCompare, suffixes: numeric, [ub("dst"), ub("mask"), ub("a"), sc("s"), n], pipe: V,
                       cost: .vector(.select), "dst[i] = mask bit i ? a[i] : s"))
        t.append(.init(0x64, "mand", .vectorCompare, [ub("dst"), ub("a"), ub("b"), n], pipe: V, cost: .vector(.binary),
                       "mask dst = a & b over n bits"))
        t.append(.init(0x65, "mor", .vectorCompare, [ub("dst"), ub("a"), ub("b"), n], pipe: V, cost: .vector(.binary),
                       "mask dst = a | b over n bits"))
        t.append(.init(0x66, "mnot", .vectorCompare, [ub("dst"), ub("a"), n], pipe: V, cost: .vector(.binary),
                       "mask dst = ~a over n bits"))

        // Conversion (0x68).
        t.append(.init(0x68, "vcvt", .vectorConvert, suffixes: conversions, [ub("dst"), ub("a"), n, OperandSpec("mode", .round)],
                       pipe: V, cost: .vector(.convert),
                       "dst[i] = convert(a[i]) to the first suffix type with the rounding mode (floats to ints saturate, NaN gives 0)"))

        // Reduction and broadcast (0x70-0x77).
        t.append(.init(0x70, "vredsum", .vectorReduce, suffixes: signedNumeric, [ub("dst"), ub("a"), n], pipe: V, cost: .vector(.reduce),
                       "dst[0] = sum of a[0..<n] (fp32 accumulation, pairwise in repeats of 256 bytes)"))
        t.append(.init(0x71, "vgsum", .vectorReduce, suffixes: signedNumeric,
                       [ub("dst"), ub("a"), int("g", 1...Limits.maxVectorElements), n], pipe: V, cost: .vector(.reduce),
                       "dst[j] = sum of a[j*g ..< j*g+g] for j < n/g (n a multiple of g)"))
        t.append(.init(0x72, "vbcast", .vectorReduce, suffixes: numeric,
                       [ub("dst"), ub("a"), int("k", 1...Limits.maxVectorElements), n], pipe: V, cost: .vector(.dup),
                       "dst[i] = a[i / k] for i < n (each element repeated k times)"))

        // UB gather (0x78).
        t.append(.init(0x78, "gather", .gather, suffixes: numeric, [ub("dst"), ub("src"), ub("offsets"), n], pipe: V, cost: .gather,
                       "dst[i] = element at UB byte src + offsets[i] (offsets: u32 bytes; 4-byte form allows 2-byte-aligned offsets)"))

        // DMA (0x80-0x8f). Lengths and gaps in 32-byte units unless the mnemonic ends in _pad.
        let count = int("count", 1...4095), len = int("len", 1...65535)
        t.append(.init(0x80, "copy_gm_ub", .dma, [ub("dst"), gm("src"), count, len, int("srcgap", 0...65535), int("dstgap", 0...65535)],
                       pipe: M2, cost: .dmaIn,
                       "count blocks of len*32 bytes GM->UB; after each block skip srcgap*32 bytes in GM, dstgap*32 in UB"))
        t.append(.init(0x81, "copy_gm_ub_pad", .dma,
                       [ub("dst"), gm("src"), count, int("bytes", 1...Limits.maxPadBytes), int("srcgap", 0...Int64(UInt32.max)),
                        int("dstgap", 0...65535)],
                       pipe: M2, cost: .dmaIn,
                       "count blocks of bytes (byte-exact) GM->UB; GM blocks srcgap bytes apart after each, UB blocks start 32-byte aligned plus dstgap*32"))
        t.append(.init(0x82, "gather_gm", .dma, [ub("dst"), gm("base"), ub("offsets"), int("n", 0...65535), int("bytes", 1...65535)],
                       pipe: M2, cost: .dmaGather,
                       "for i < n: copy bytes from GM base + offsets[i] (u32) to UB dst + i*align32(bytes): one small copy per piece"))
        t.append(.init(0x88, "copy_ub_gm", .dma, [gm("dst"), ub("src"), count, len, int("srcgap", 0...65535), int("dstgap", 0...65535)],
                       pipe: M3, cost: .dmaOut,
                       "count blocks of len*32 bytes UB->GM; after each block skip srcgap*32 bytes in UB, dstgap*32 in GM"))
        t.append(.init(0x89, "copy_ub_gm_pad", .dma,
                       [gm("dst"), ub("src"), count, int("bytes", 1...Limits.maxPadBytes), int("srcgap", 0...65535),
                        int("dstgap", 0...Int64(UInt32.max))],
                       pipe: M3, cost: .dmaOut,
                       "count blocks of bytes (byte-exact) UB->GM; UB blocks start 32-byte aligned plus srcgap*32, GM blocks dstgap bytes apart after each"))
        t.append(.init(0x8a, "scatter_add", .dma, suffixes: atomics,
                       [gm("base"), ub("src"), ub("offsets"), int("n", 0...65535), int("bytes", 1...65535)],
                       pipe: M3, cost: .dmaScatterAdd,
                       "for i < n: atomically add bytes of UB src + i*align32(bytes) into GM base + offsets[i] (u32), element-wise"))

        // Synchronisation (0x90-0x9f).
        let flagID = OperandSpec("id", .flag, 0...7)
        t.append(.init(0x90, "set_flag", .sync, [OperandSpec("src", .pipe), OperandSpec("dst", .pipe), flagID], pipe: .operand(0),
                       cost: .flag, "in pipe src: once everything earlier in src has finished, set flag (src, dst, id); setting a set flag is an error"))
        t.append(.init(0x91, "wait_flag", .sync, [OperandSpec("src", .pipe), OperandSpec("dst", .pipe), flagID], pipe: .operand(1),
                       cost: .flag, "in pipe dst: block until flag (src, dst, id) is set, then clear it"))
        t.append(.init(0x92, "pipe_barrier", .sync, [OperandSpec("p", .barrier)], pipe: .barrierOperand(0), cost: .barrier,
                       "wait until everything earlier in pipe p (or in every pipe, for ALL) has finished"))
        t.append(.init(0x93, "sync_all", .sync, [], pipe: S, cost: .syncAll,
                       "drain every pipe of this core, then wait until every core has reached its sync_all"))
        return t
    }
}

/// Fixed limits of the ISA itself (the machine's sizes, such as the UB, live in `Machine`).
public enum Limits {
    /// Largest element count of one vector instruction (the UB holds far fewer elements).
    public static let maxVectorElements: Int64 = 1 << 24
    /// Largest byte length of one block of a byte-exact copy.
    public static let maxPadBytes: Int64 = 1 << 21
    /// Largest number of kernel parameters.
    public static let maxParams = 255
    /// Largest number of instructions in one program.
    public static let maxInstructions = 1 << 24
}

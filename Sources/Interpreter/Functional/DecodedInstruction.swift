import ISA

/// The compact runtime form of one instruction: a fixed-size value with no references, so the
/// code array is one flat buffer and the inner loop never touches ARC (WasmKit's lesson: the
/// pre-decoded format matters more than the dispatch trick).
///
/// Operands are stored as Int64: a register number when bit k of `regMask` is set, else the
/// immediate (enumerated operands such as pipes and conditions are immediates). A queued pipe
/// instruction is the same struct with every register already replaced by its value at issue.
struct DecodedInstruction {
    var o0: Int64 = 0, o1: Int64 = 0, o2: Int64 = 0, o3: Int64 = 0, o4: Int64 = 0, o5: Int64 = 0
    /// Scalar-unit cycles to execute (S instructions) or to issue (pipe instructions).
    var scalarCost: Double = 0
    /// Knowledge (vector clock) of the scalar unit at issue; set on queued copies only.
    var issueClock: SIMD4<UInt32> = .zero
    var pc: Int32 = 0
    /// Index of this instruction's issue record (queued copies only).
    var record: Int32 = -1
    var opcode: UInt8 = 0
    var suffix: UInt8 = 0
    /// The executing pipe (`Pipe.rawValue`); `pipe_barrier ALL` is the scalar pipe with `barrierAll`.
    var pipe: UInt8 = 0
    var regMask: UInt8 = 0

    @inline(__always) func raw(_ k: Int) -> Int64 {
        switch k {
        case 0: o0
        case 1: o1
        case 2: o2
        case 3: o3
        case 4: o4
        default: o5
        }
    }

    @inline(__always) mutating func setRaw(_ k: Int, _ v: Int64) {
        switch k {
        case 0: o0 = v
        case 1: o1 = v
        case 2: o2 = v
        case 3: o3 = v
        case 4: o4 = v
        default: o5 = v
        }
    }

    /// Operand k, reading a register when it is one.
    @inline(__always) func value(_ k: Int, _ regs: UnsafeMutablePointer<Int64>) -> Int64 {
        let r = raw(k)
        return regMask & (1 << UInt8(k)) != 0 ? regs[Int(r)] : r
    }

    /// The element type of a single suffix (or the destination of a pair).
    var elementType: ElementType { ElementType(rawValue: suffix < 0x10 ? suffix : suffix >> 4) ?? .u8 }
    /// The source type of a pair suffix.
    var sourceType: ElementType { ElementType(rawValue: suffix & 0x0f) ?? .u8 }
}

/// Opcode numbers the interpreter dispatches on (the table's rows, by number).
enum Op {
    static let nop: UInt8 = 0x00, mov: UInt8 = 0x01, add: UInt8 = 0x02, sub: UInt8 = 0x03, mul: UInt8 = 0x04
    static let div: UInt8 = 0x05, rem: UInt8 = 0x06, and: UInt8 = 0x07, or: UInt8 = 0x08, xor: UInt8 = 0x09
    static let shl: UInt8 = 0x0a, shr: UInt8 = 0x0b, sar: UInt8 = 0x0c, min: UInt8 = 0x0d, max: UInt8 = 0x0e
    static let cset: UInt8 = 0x0f, coreid: UInt8 = 0x10, corenum: UInt8 = 0x11, ldparam: UInt8 = 0x12
    static let fmov: UInt8 = 0x20, fadd: UInt8 = 0x21, fsub: UInt8 = 0x22, fmul: UInt8 = 0x23, fdiv: UInt8 = 0x24
    static let fmin: UInt8 = 0x25, fmax: UInt8 = 0x26, fcset: UInt8 = 0x27, itof: UInt8 = 0x28, ftoi: UInt8 = 0x29
    static let ld: UInt8 = 0x30, st: UInt8 = 0x31, ldg: UInt8 = 0x32, stg: UInt8 = 0x33
    static let trap: UInt8 = 0x37, jmp: UInt8 = 0x38, end: UInt8 = 0x3f
    static let setFlag: UInt8 = 0x90, waitFlag: UInt8 = 0x91, pipeBarrier: UInt8 = 0x92, syncAll: UInt8 = 0x93
    static let copyGmUb: UInt8 = 0x80, copyGmUbPad: UInt8 = 0x81, gatherGm: UInt8 = 0x82
    static let copyUbGm: UInt8 = 0x88, copyUbGmPad: UInt8 = 0x89, scatterAdd: UInt8 = 0x8a
    static let gather: UInt8 = 0x78
}

/// Turns a `Program` into the runtime code array, checking what the validator cannot (operand
/// counts against the table) so that execution never meets a malformed instruction.
enum PreDecoder {
    static func decode(_ program: Program, machine: Machine) -> Result<[DecodedInstruction], RuntimeError> {
        var code: [DecodedInstruction] = []
        code.reserveCapacity(program.instructions.count)
        for (pc, inst) in program.instructions.enumerated() {
            guard let spec = inst.spec, inst.operands.count == spec.operands.count, inst.operands.count <= 6 else {
                return .failure(RuntimeError(id: "program.invalid", message: "instruction \(pc) is not a valid \(inst.opcode) instruction",
                                             pc: pc, location: program.debug.describe(pc: pc)))
            }
            var d = DecodedInstruction()
            d.opcode = inst.opcode.rawValue
            d.suffix = inst.suffix.byte
            d.pc = Int32(pc)
            for (k, o) in inst.operands.enumerated() {
                switch o {
                case .register(let r):
                    d.regMask |= 1 << UInt8(k)
                    d.setRaw(k, Int64(r.index))
                case .immediate(let v):
                    d.setRaw(k, v)
                }
            }
            let pipe = spec.pipe(operands: inst.operands)
            d.pipe = pipe.rawValue
            d.scalarCost = pipe == .s ? scalarCost(spec.cost, machine) : machine.scalarCycles
            if spec.cost == .barrier, d.o0 == Int64(BarrierTarget.all.rawValue) { d.pipe = Pipe.s.rawValue }
            code.append(d)
        }
        return .success(code)
    }

    /// Scalar-unit cycles of an instruction executed by the scalar unit itself.
    static func scalarCost(_ c: CostSpec, _ m: Machine) -> Double {
        switch c {
        case .scalar: m.scalarCycles
        case .scalarMul: m.scalarMulCycles
        case .scalarDiv: m.scalarDivCycles
        case .branch: m.branchCycles
        case .scalarUB: m.scalarUBCycles
        case .scalarGM: m.scalarGMCycles
        case .flag: m.flagCycles
        // Barriers, sync_all and end are charged by the timing model as waits, not as scalar work.
        default: m.scalarCycles
        }
    }
}

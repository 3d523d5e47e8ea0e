// libFuzzer target: the interpreter on random *valid* programs (scripts/fuzz.sh interpreter SECONDS).
//
// The fuzz bytes are decoded into a program through the opcode table: each instruction takes an
// opcode (a byte modulo the table size), a suffix it allows, and one operand per operand kind,
// drawn to be mostly legal (small registers, 32-byte-aligned UB addresses near the buffers,
// labels inside the program, valid pipes, flags, conditions and rounding modes, declared
// parameters). Programs the validator rejects are skipped. Each runs on 1-3 cores with tiny
// budgets; any outcome is fine (runtime errors are the point) except a trap, a hang, or the
// same run giving a different result with another host thread count.
import Interpreter
import ISA

struct Bytes {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var done: Bool { i >= b.count }
    mutating func u8() -> UInt8 {
        defer { i += 1 }
        return i < b.count ? b[i] : 0
    }
    mutating func u32() -> UInt32 { (0..<4).reduce(0) { acc, k in acc | UInt32(u8()) << (8 * UInt32(k)) } }
}

let table = OpcodeTable.all
let extremes: [Int64] = [.max, .min, .max - 31, .max - 3, -1, -32, 1 << 32, (1 << 32) - 32, 1 << 24, (1 << 24) + 1,
                         196_608, 196_608 - 32, 65_535, 65_536, 4095, 4096, 1 << 62]
let params = [ParamDecl(name: "x", kind: .gm(.f32)), ParamDecl(name: "y", kind: .gm(nil)), ParamDecl(name: "n", kind: .i64)]

func operand(_ spec: OperandSpec, _ r: inout Bytes, count: Int) -> Operand {
    let sel = r.u8()
    let reg = Operand.register(Register(Int(sel & 7))!)
    switch spec.kind {
    case .reg: return reg
    case .label: return .immediate(Int64(Int(r.u8()) % count))
    case .pipe: return .immediate(Int64(sel % 4))
    case .barrier: return .immediate(Int64(1 + sel % 4))
    case .flag: return .immediate(Int64(sel % 8))
    case .cond: return .immediate(Int64(sel % 6))
    case .round: return .immediate(Int64(sel % 5))
    case .param: return .immediate(Int64(Int(sel) % params.count))
    default:
        if sel & 0x80 != 0 { return reg }
        let v: Int64
        switch spec.kind {
        case _ where sel & 0x70 == 0x70:
            // Extreme values, so that registers (via mov) reach the edges of every range.
            v = extremes[Int(r.u8()) % extremes.count]
        case .ub: v = Int64(r.u8() % 16) * 32
        case .ubByte: v = Int64(r.u8()) * 4
        case .float: v = Int64(Int32(bitPattern: Float(Int8(bitPattern: r.u8())).bitPattern))
        case .gm: v = sel & 0x40 != 0 ? 4096 + Int64(r.u8()) * 4 : Int64(r.u32() % 20000)
        default: v = sel & 0x40 != 0 ? Int64(Int8(bitPattern: r.u8())) : Int64(r.u8() % 70)
        }
        if let range = spec.range { return .immediate(min(max(v, range.lowerBound), range.upperBound)) }
        return .immediate(v)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var r = Bytes(b: UnsafeBufferPointer(start: data, count: min(size, 400)))
    let cores = 1 + Int(r.u8() % 3)
    let count = max(1, min(48, Int(r.u8() % 49)))
    var code: [Instruction] = []
    for _ in 0..<count {
        let spec = table[Int(r.u8()) % table.count]
        let suffix = spec.suffixes[Int(r.u8()) % spec.suffixes.count]
        let operands = spec.operands.map { operand($0, &r, count: count + 1) }
        code.append(Instruction(spec.opcode, suffix: suffix, operands))
    }
    code.append(Instruction(OpcodeTable.spec(mnemonic: "end")!.opcode, []))
    let program = Program(params: params, buffers: [BufferDecl(name: "b", offset: 0, size: 512, alignment: 32)],
                          instructions: code, debug: DebugInfo(), ubSize: 196_608)
    guard ProgramValidator.validate(program).isEmpty else { return 0 }
    var args = KernelArguments()
    args["x"] = .gm(bytes: [UInt8](repeating: 0, count: 1024), elementType: .f32, shape: [256])
    args["y"] = .gm(bytes: [UInt8](repeating: 1, count: 300))
    args["n"] = .int(Int64(Int8(bitPattern: r.u8())))
    let machine = Machine.preset("910b2c")!
    func run(_ threads: Int) -> Result<RunReport, RuntimeError> {
        Simulator.run(program: program, machine: machine, arguments: args,
                      options: RunOptions(cores: cores, threads: threads, instructionBudget: 3000, cycleBudget: 5e6))
    }
    let one = run(1)
    if cores > 1 {
        let two = run(2)
        switch (one, two) {
        case (.failure(let a), .failure(let b)) where a != b: fatalError("threads change the error:\n\(a)\n\(b)")
        case (.success(let a), .success(let b)) where a.outputs != b.outputs || a.cycles != b.cycles:
            fatalError("threads change the outputs or cycles")
        case (.success, .failure), (.failure, .success): fatalError("threads change success")
        default: break
        }
    }
    return 0
}

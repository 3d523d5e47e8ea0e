import XCTest
import ISA
@testable import Interpreter

/// Every (mnemonic, type suffix) pair of the opcode table must be known to the interpreter.
///
/// The table is the single source of the ISA, but the interpreter's dispatch is written by hand
/// (pre-decode, the pipe a vector or DMA instruction goes to, its cost class), so a row added to
/// the table and forgotten there would assemble and validate, then fail at run time with
/// `program.invalid` ("cannot run on the V pipe", "this type suffix is not supported", "not a
/// valid ... instruction") or trap. This test runs each pair once, alone in a small program on
/// one core, with plain legal operands: any outcome is accepted (a runtime error such as a
/// deadlock from a lone `wait_flag` is the instruction running) except `program.invalid`.
final class OpcodeCoverageTests: XCTestCase {
    func testEveryOpcodeAndSuffixRuns() {
        let params = [ParamDecl(name: "x", kind: .gm(.f32)), ParamDecl(name: "n", kind: .i64)]
        var ran = 0
        for spec in OpcodeTable.all {
            for suffix in spec.suffixes {
                var code: [Instruction] = [
                    // r1 = 2 and r2 = 64 give register operands legal counts and aligned addresses.
                    Instruction(OpcodeTable.spec(mnemonic: "mov")!.opcode, [.register(Register(1)!), .immediate(2)]),
                    Instruction(OpcodeTable.spec(mnemonic: "mov")!.opcode, [.register(Register(2)!), .immediate(64)]),
                ]
                var pipes: Int64 = 0
                let operands = spec.operands.map { o -> Operand in
                    // Flags join two different pipes: S then V.
                    if o.kind == .pipe { pipes += 1; return .immediate(pipes - 1) }
                    return operand(o, next: 3)
                }
                code.append(Instruction(spec.opcode, suffix: suffix, operands))
                code.append(Instruction(OpcodeTable.spec(mnemonic: "end")!.opcode, []))
                let program = Program(params: params, buffers: [BufferDecl(name: "b", offset: 0, size: 4096, alignment: 32)],
                                      instructions: code, debug: DebugInfo(), ubSize: 196_608)
                let what = "\(spec.mnemonic)\(suffix == .none ? "" : "\(suffix)")"
                let invalid = ProgramValidator.validate(program)
                guard invalid.isEmpty else {
                    XCTFail("\(what): the test's own program does not validate: \(invalid)")
                    continue
                }
                var args = KernelArguments()
                args["x"] = .gm(bytes: [UInt8](repeating: 0, count: 4096), elementType: .f32, shape: [1024])
                args["n"] = .int(3)
                let r = Simulator.run(program: program, machine: Machine.preset("910b2c")!, arguments: args,
                                      options: RunOptions(cores: 1, threads: 1, instructionBudget: 10_000, cycleBudget: 1e7))
                if case .failure(let e) = r, e.id == "program.invalid" {
                    XCTFail("\(what): the interpreter does not know it: \(e)")
                }
                ran += 1
            }
        }
        // The table has 80 mnemonics, several with many suffixes: a count this low means the loop
        // above skipped something.
        XCTAssertGreaterThan(ran, OpcodeTable.all.count)
    }

    /// A legal operand of each kind: small counts, 32-byte-aligned UB addresses inside the buffer,
    /// GM offset 0 of parameter 0, the instruction after this one as a branch target.
    private func operand(_ spec: OperandSpec, next: Int64) -> Operand {
        func clamp(_ v: Int64) -> Int64 {
            guard let r = spec.range else { return v }
            return min(max(v, r.lowerBound), r.upperBound)
        }
        switch spec.kind {
        case .reg: return .register(Register(1)!)
        case .label: return .immediate(next)
        case .flag, .cond, .round, .param: return .immediate(clamp(0))
        case .pipe: return .immediate(0)
        case .barrier: return .immediate(clamp(4))
        case .ub: return .immediate(clamp(64))
        case .ubByte: return .immediate(clamp(0))
        case .gm: return .immediate(clamp(0))
        case .float: return .immediate(Int64(Int32(bitPattern: Float(1).bitPattern)))
        case .int, .scalar: return .immediate(clamp(1))
        }
    }
}

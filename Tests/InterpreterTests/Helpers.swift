import XCTest
import ISA
import Assembler
@testable import Interpreter

/// Test helpers: assemble a kernel from text, run it, decode floats.
enum T {
    /// Assembles `source`; fails the test with the diagnostics if it does not assemble.
    static func asm(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Program {
        let r = Assembler.assemble(source: Array(source.utf8), path: "t.asm", options: AssemblerOptions())
        guard let p = r.program else {
            XCTFail("assembly failed: \(r.diagnostics)", file: file, line: line)
            return Program()
        }
        return p
    }

    static func bytes(_ f: [Float]) -> [UInt8] { f.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) } }
    static func bytes(_ i: [Int32]) -> [UInt8] { i.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }
    static func bytes(_ u: [UInt32]) -> [UInt8] { u.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }
    static func halves(_ h: [UInt16]) -> [UInt8] { h.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }
    static func zeros(_ n: Int) -> KernelArgument { .gm(bytes: [UInt8](repeating: 0, count: n)) }

    static func u16(_ b: [UInt8]) -> [UInt16] { stride(from: 0, to: b.count - 1, by: 2).map { UInt16(b[$0]) | UInt16(b[$0 + 1]) << 8 } }

    /// A machine for cycle tests: no launch overhead unless asked.
    static func machine(cores: Int = 1, launch: Double = 0) -> Machine {
        var m = Machine.preset("910b2c")!
        m.cores = max(cores, m.cores)
        m.launchMicroseconds = launch
        return m
    }

    static func run(_ p: Program, _ args: [String: KernelArgument], cores: Int = 1, machine: Machine? = nil,
                    options: RunOptions? = nil) -> Result<RunReport, RuntimeError> {
        var o = options ?? RunOptions()
        o.cores = cores
        return Simulator.run(program: p, machine: machine ?? T.machine(cores: cores), arguments: KernelArguments(args), options: o)
    }

    static func ok(_ r: Result<RunReport, RuntimeError>, file: StaticString = #filePath, line: UInt = #line) -> RunReport? {
        switch r {
        case .success(let rep): return rep
        case .failure(let e):
            XCTFail("unexpected error: \(e)", file: file, line: line)
            return nil
        }
    }

    static func err(_ r: Result<RunReport, RuntimeError>, file: StaticString = #filePath, line: UInt = #line) -> RuntimeError? {
        switch r {
        case .success: XCTFail("expected an error", file: file, line: line); return nil
        case .failure(let e): return e
        }
    }
}

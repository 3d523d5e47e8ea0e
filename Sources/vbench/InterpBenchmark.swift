import Assembler
import Commands
import Foundation
import ISA
import Interpreter

/// `vbench interp`: the interpreter's own speed (host time, not simulated time), in a release
/// build. Figures, each printed with the command that made it:
/// - simulated scalar instructions per second on one host thread (a tight scalar loop, 1 core);
/// - vector elements per second per instruction class (one instruction over 4096 elements,
///   repeated; 1 core, 1 thread);
/// - DMA records per second (gather_gm of 256 pieces per instruction, 48 cores, 1 thread; the
///   pieces are what the functional and timing phases pay for);
/// - thread scaling: a 48-core scalar + vector kernel with 1 and 2 host threads.
/// Targets (for later): 100 M scalar instructions/s per thread; 2 threads >= 1.7 x 1 thread.
/// Each figure is the best of `--runs` runs (default 3).
extension Benchmark {
    static let interp = Benchmark(name: "interp", summary: InterpBenchmark.summary, run: InterpBenchmark.run)
}

enum InterpBenchmark {
    static let summary = "interpreter speed: scalar instr/s, vector elements/s, DMA records/s, thread scaling"
    static let command = "swift run -c release vbench interp"

    static let spec = ArgumentSpec(
        command: "vbench interp", summary: summary,
        options: [
            ArgumentOption(["--runs"], value: "N", help: "Runs per figure, best kept (default 3)."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ],
        positionals: [])

    static func run(_ arguments: [String]) -> Int32 {
        let io = CommandIO.standard
        let parsed: ParsedArguments
        switch BenchmarkArguments.parse(arguments, spec, io) {
        case .exit(let code): return code
        case .run(let p): parsed = p
        }
        guard case .success(let r) = parsed.integer("runs", as: Int.self, in: 1...1000) else {
            io.stderr("Error: --runs must be 1...1000\n\(spec.usage)\n")
            return ExitCode.usage
        }
        runs = r ?? 3
        do {
            try report(io)
            return ExitCode.success
        } catch {
            io.stderr("vbench interp: \(error)\n")
            return ExitCode.failure
        }
    }

    nonisolated(unsafe) static var runs = 3
    static let machine = Machine.preset("910b2c")!

    static func report(_ io: CommandIO) throws {
        io.stdout("Interpreter speed (host \(ProcessInfo.processInfo.activeProcessorCount) CPUs); made by `\(command)`\n\n")
        io.stdout("| figure | value | kernel |\n|---|---|---|\n")

        // Scalar: 4 instructions per iteration, 5 M iterations on one core.
        let iters = 5_000_000
        let scalar = try program(scalarLoop, [:])
        let (st, sr) = try best(scalar, ["n": .int(Int64(iters))], cores: 1, threads: 1)
        io.stdout("| scalar instructions/s, 1 thread | \(mega(Double(sr.instructions) / st)) M (target 100 M) | add/xor/add/blt loop, 1 core |\n")

        // Vector classes: 4096 elements per instruction.
        let n = 4096
        let classes: [(String, String)] = [
            ("vadd.f32", "vadd.f32 bd, ba, bb, N"),
            ("vmul.f32", "vmul.f32 bd, ba, bb, N"),
            ("vadd.f16", "vadd.f16 bd, ba, bb, N"),
            ("vadds.f32", "vadds.f32 bd, ba, 1.5, N"),
            ("vcvt.f32.f16", "vcvt.f32.f16 bd, ba, N, rn"),
            ("vcvt.f16.f32", "vcvt.f16.f32 bd, ba, N, rn"),
            ("vcmp.f32 lt", "vcmp.f32 bm, ba, bb, N, lt"),
            ("vsel.f32", "vsel.f32 bd, bm, ba, bb, N"),
            ("gather.f16", "gather.f16 bd, bb, ba, N"),
            ("gather.u32", "gather.u32 bd, bb, ba, N"),
        ]
        for (name, inst) in classes {
            let p = try program(vectorLoop.replacingOccurrences(of: "INST", with: inst), ["N": "\(n)"])
            let reps = 2000
            let (t, _) = try best(p, ["n": .int(Int64(reps))], cores: 1, threads: 1)
            io.stdout("| \(name) elements/s, 1 thread | \(mega(Double(reps * n) / t)) M | `\(inst)` with N = \(n), 1 core |\n")
        }

        // DMA records: 48 cores x 64 gather_gm of 256 pieces of 64 B.
        let dma = try program(dmaLoop, [:])
        let gathers = 64
        let (dt, _) = try best(dma, ["map": .gm(bytes: [UInt8](repeating: 0, count: 1 << 20)), "n": .int(Int64(gathers))], cores: 48, threads: 1)
        let pieces = Double(48 * gathers * 256)
        io.stdout("| DMA pieces/s (gather_gm, 64 B), 1 thread | \(mega(pieces / dt)) M (\(fmt(Double(48 * gathers) / dt / 1e3, 1)) K instructions/s) | 48 cores x \(gathers) x gather_gm of 256 pieces |\n")

        // Thread scaling on 48 cores: scalar loop plus vector work.
        let mixed = try program(vectorLoop.replacingOccurrences(of: "INST", with: "vadd.f32 bd, ba, bb, N"), ["N": "256"])
        let margs: [String: KernelArgument] = ["n": .int(20_000)]
        let (t1, r1) = try best(mixed, margs, cores: 48, threads: 1)
        let (t2, r2) = try best(mixed, margs, cores: 48, threads: 2)
        io.stdout("| 48 cores, 1 thread | \(fmt(t1, 3)) s (functional \(fmt(r1.functionalSeconds, 3)) s, timing \(fmt(r1.timingSeconds, 3)) s) | vadd.f32 N = 256 loop x 20000 per core |\n")
        io.stdout("| 48 cores, 2 threads | \(fmt(t2, 3)) s = \(fmt(t1 / t2, 2))x of 1 thread (target 1.7x); functional phase \(fmt(r1.functionalSeconds / r2.functionalSeconds, 2))x (\(fmt(r2.functionalSeconds, 3)) s) | same |\n")
    }

    /// Best wall time over `runs` runs of the whole `Simulator.run`, and the last report.
    static func best(_ p: Program, _ args: [String: KernelArgument], cores: Int, threads: Int) throws -> (Double, RunReport) {
        var bestTime = Double.infinity
        var last: RunReport?
        for _ in 0..<runs {
            let t0 = monotonicSeconds()
            let r = Simulator.run(program: p, machine: machine, arguments: KernelArguments(args), options: RunOptions(cores: cores, threads: threads))
            let t = monotonicSeconds() - t0
            switch r {
            case .success(let rep): last = rep
            case .failure(let e): throw CalibrateBenchmark.Failure(description: "\(e)")
            }
            bestTime = min(bestTime, t)
        }
        return (bestTime, last!)
    }

    static func program(_ source: String, _ defines: [String: String]) throws -> Program {
        let r = Assembler.assemble(source: Array(source.utf8), path: "interp-bench.asm", options: AssemblerOptions(defines: defines))
        guard let p = r.program else { throw CalibrateBenchmark.Failure(description: "bench kernel does not assemble:\n\(r.diagnostics.rendered())") }
        return p
    }

    static func mega(_ x: Double) -> String { fmt(x / 1e6, 1) }
    static func fmt(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }

    static let scalarLoop = """
    .param n, i64
            ldparam r9, n
            mov r1, 0
    loop:   add r2, r2, r1
            xor r3, r3, r2
            add r1, r1, 1
            blt r1, r9, loop
            end
    """

    /// One vector instruction (INST) per iteration on N-element operands; the mask `bm`.
    static let vectorLoop = """
    .param n, i64
    .buffer ba, N * 4
    .buffer bb, N * 4
    .buffer bd, N * 4
    .buffer bm, align(N / 8, 32)
            ldparam r9, n
            mov r1, 0
    loop:   INST
            add r1, r1, 1
            blt r1, r9, loop
            end
    """

    static let dmaLoop = """
    .param map, gm
    .param n, i64
    .buffer boff, 1024
    .buffer bdst, 256 * 64
            ldparam r1, map
            ldparam r9, n
            mov r2, 0
    loop:   gather_gm bdst, r1, boff, 256, 64
            add r2, r2, 1
            blt r2, r9, loop
            end
    """
}

import Assembler
import Commands
import Foundation
import ISA
import Interpreter

/// `vbench calibrate`: runs the calibration microbenchmarks of kernels/bench/ on the model (all
/// cores of the preset) and prints a markdown table of simulated throughput beside the figure
/// of the brief ("Microbenchmark figures to calibrate against", xMSDA paper section 3).
///
/// Every row is measured twice, with N and 2N units of work, and reports the extra bytes over
/// the extra simulated time (the steady state, without the set-up copies and the last latency),
/// converted to GB/s at the machine's clock: bytes / cycles x clockGHz. Inputs are random with a
/// fixed seed, so the table is the same on every run. The model's constants are never tuned to
/// MSDA kernel results; see docs/CycleModel.md, "Calibration".
extension Benchmark {
    static let calibrate = Benchmark(name: "calibrate", summary: CalibrateBenchmark.summary, run: CalibrateBenchmark.run)
}

enum CalibrateBenchmark {
    static let summary = "calibration microbenchmarks on the model beside the brief's figures (GB/s)"
    static let command = "swift run -c release vbench calibrate"

    static let spec = ArgumentSpec(
        command: "vbench calibrate", summary: summary,
        options: [
            ArgumentOption(["--kernels"], value: "DIR", help: "Directory of the bench kernels (default kernels/bench)."),
            ArgumentOption(["--machine"], value: "NAME", help: "Machine preset (default 910b2c)."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ],
        positionals: [])

    /// One row of the table.
    struct Row {
        var name: String
        var setup: String
        var gbps: Double
        var perCore: Double
        var brief: String
    }

    static func run(_ arguments: [String]) -> Int32 {
        let io = CommandIO.standard
        let parsed: ParsedArguments
        switch BenchmarkArguments.parse(arguments, spec, io) {
        case .exit(let code): return code
        case .run(let p): parsed = p
        }
        let dir = parsed.value("kernels") ?? "kernels/bench"
        guard let machine = Machine.preset(parsed.value("machine") ?? "910b2c") else {
            io.stderr("Error: unknown machine preset (known: \(Machine.presetNames.joined(separator: ", ")))\n\(spec.usage)\n")
            return ExitCode.usage
        }
        do {
            let rows = try measureAll(dir: dir, machine: machine)
            io.stdout(table(rows, machine: machine))
            return ExitCode.success
        } catch {
            io.stderr("vbench calibrate: \(error)\n")
            return ExitCode.failure
        }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    // MARK: The rows

    static func measureAll(dir: String, machine: Machine) throws -> [Row] {
        var rows: [Row] = []
        let cores = machine.cores
        // UB gather: maps of W x W fp16, VL indices per gather, 2 or 4 bytes per index.
        for elem in [2, 4] {
            for w in [64, 128, 256] {
                for vl in [256, 1024, 4096] {
                    let mapBytes = w * w * 2
                    let p = try assemble(dir, "ub_gather.asm", ["MAPBYTES": "\(mapBytes)", "VL": "\(vl)", "ELEM": "\(elem)"])
                    var rng = SplitMix(seed: 0x5EED_0000 &+ UInt64(elem * 1_000_000 + w * 10_000 + vl))
                    let offs: [UInt32] = (0..<cores * vl).map { _ in
                        if elem == 2 { return UInt32(2 * rng.below(w * w)) }
                        while true {   // a pair (x, x + 1) in one row, not at 30 mod 32 (the paper pads for that)
                            let off = 2 * (rng.below(w) * w + rng.below(w - 1))
                            if off % 32 != 30 { return UInt32(off) }
                        }
                    }
                    let n = max(2, 32768 / vl)
                    func args(_ iters: Int) -> [String: KernelArgument] {
                        ["map": .gm(bytes: [UInt8](repeating: 0, count: mapBytes)), "offs": .gm(bytes: bytes(offs)), "iters": .int(Int64(iters))]
                    }
                    let perIter = Double(cores * vl * elem)
                    let (g, c) = try steady(p, machine, args(n), args(2 * n), extraBytes: perIter * Double(n))
                    let brief = elem == 2 ? "≤ 424 (one pixel per index)" : (w == 256 ? "607 (256×256 map), ≤ 845" : "≤ 845 (pixel pairs)")
                    rows.append(Row(name: "UB gather \(elem) B/index", setup: "\(w)×\(w) fp16 map, VL \(vl)", gbps: g, perCore: c, brief: brief))
                }
            }
        }
        // GM gather and scatter: random pieces of a 4 MB map, 64-byte aligned.
        let mapBytes = 4 << 20
        let pieces: [(String, String, Int, [String: String], String)] = [
            ("GM gather, 1 pixel", "gm_gather.asm", 64, [:], "106"),
            ("GM gather, pixel pair", "gm_gather.asm", 128, [:], "— (no figure)"),
            ("GM scatter (atomic add), 1 pixel", "gm_scatter.asm", 64, [:], "106"),
            ("GM scatter (atomic add), pixel pair", "gm_scatter.asm", 128, [:], "162"),
            ("GM scatter f32, 1 pixel", "gm_scatter.asm", 128, ["F32": ""], "106 (dtype not given)"),
            ("GM scatter f32, pixel pair", "gm_scatter.asm", 256, ["F32": ""], "162 (dtype not given)"),
        ]
        for (name, file, piece, defs, brief) in pieces {
            let maxPix = 2048
            var d = defs
            d["PIECE"] = "\(piece)"
            d["MAXPIX"] = "\(maxPix)"
            let p = try assemble(dir, file, d)
            var rng = SplitMix(seed: 0x5EED_1000 &+ UInt64(piece) &+ UInt64(d.count))
            let offs: [UInt32] = (0..<cores * maxPix).map { _ in UInt32(rng.below((mapBytes - piece) / 64 + 1) * 64) }
            func args(_ pixels: Int) -> [String: KernelArgument] {
                // offsets are laid out `pixels` per core, core-major
                var o: [UInt32] = []
                for c in 0..<cores { o += offs[c * maxPix ..< c * maxPix + pixels] }
                return ["map": .gm(bytes: [UInt8](repeating: 0, count: mapBytes)), "offs": .gm(bytes: bytes(o)), "pixels": .int(Int64(pixels))]
            }
            let (g, c) = try steady(p, machine, args(maxPix / 2), args(maxPix), extraBytes: Double(cores * maxPix / 2 * piece))
            rows.append(Row(name: name, setup: "\(piece) B pieces\(defs["F32"] != nil ? " (fp32)" : " (fp16)"), random in 4 MB", gbps: g, perCore: c, brief: brief))
        }
        return rows
    }

    /// GB/s (chip) and bytes/cycle per core of the extra work of `long` over `short`.
    static func steady(_ p: Program, _ m: Machine, _ short: [String: KernelArgument], _ long: [String: KernelArgument],
                       extraBytes: Double) throws -> (Double, Double) {
        let a = try simulate(p, m, short), b = try simulate(p, m, long)
        let cycles = b.kernelCycles - a.kernelCycles
        return (extraBytes / cycles * m.clockGHz, extraBytes / cycles / Double(m.cores))
    }

    static func simulate(_ p: Program, _ m: Machine, _ args: [String: KernelArgument]) throws -> RunReport {
        switch Simulator.run(program: p, machine: m, arguments: KernelArguments(args), options: RunOptions(cores: m.cores)) {
        case .success(let r): return r
        case .failure(let e): throw Failure(description: "\(e)")
        }
    }

    static func assemble(_ dir: String, _ file: String, _ defines: [String: String]) throws -> Program {
        let path = dir + "/" + file
        let r = Assembler.assemble(path: path, options: AssemblerOptions(defines: defines))
        guard let p = r.program else { throw Failure(description: "\(path) does not assemble:\n\(r.diagnostics.rendered())") }
        return p
    }

    static func bytes(_ u: [UInt32]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: u.count * 4)
        for (i, v) in u.enumerated() { for k in 0..<4 { out[4 * i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) } }
        return out
    }

    static func table(_ rows: [Row], machine: Machine) -> String {
        var s = "Calibration microbenchmarks on the model (\(machine.name), \(machine.cores) cores, \(machine.clockGHz) GHz); made by `\(command)`\n\n"
        s += "| benchmark | setup | model GB/s (chip) | model B/cycle/core | brief GB/s (paper §3) |\n|---|---|---|---|---|\n"
        for r in rows {
            s += "| \(r.name) | \(r.setup) | \(fmt(r.gbps, 1)) | \(fmt(r.perCore, 3)) | \(r.brief) |\n"
        }
        return s
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

/// A small deterministic generator (SplitMix64) for benchmark inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n > 0; the modulo bias is negligible for benchmark sizes).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

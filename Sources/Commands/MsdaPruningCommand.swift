import Foundation
import Interpreter
import MSDA

/// `vrun msda prune`: the pruning sweep of docs/pruning.md (DEFA's point pruning for a sweep of
/// thresholds, the three-multiply bilinear form, FWP pixel masks), printed, and with `--doc`
/// written as a Markdown page with SVG charts beside it. docs/pruning.md is made by
///
///     swift run -c release vrun msda prune --workload detr --doc docs/pruning.md
enum MsdaPruningCommand {
    static let defaultThresholds: [Double] = [0, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]
    static let defaultPixelKs: [Double] = [0.1, 0.25, 0.5]

    static let spec = ArgumentSpec(
        command: "vrun msda prune",
        summary: "DEFA on the model: the forward with point pruning for a sweep of thresholds (samples pruned, cycles, error against the unpruned reference), the three-multiply bilinear form, and FWP pixel masks.",
        options: MsdaDEFAInputs.options + [
            ArgumentOption(["--thresholds"], value: "LIST", help: "Pruning thresholds on |attention weight|, comma-separated (default \(defaultThresholds.map { "\($0)" }.joined(separator: ",")))."),
            ArgumentOption(["--pixel-k"], value: "LIST", help: "FWP k values: mask the pixels read fewer than k times the mean (default \(defaultPixelKs.map { "\($0)" }.joined(separator: ",")))."),
            ArgumentOption(["--dtype"], value: "f32|f16", help: "Storage type (default f32; f16 runs the fused gather, so no three-multiply row)."),
            ArgumentOption(["--doc"], value: "FILE.md", help: "Write the report as Markdown, its SVG charts in a folder named after it (FILE/)."),
            ArgumentOption(["--qb"], value: "N", help: "Pin the queries per block (a multiple of 16) of every run (default: the unpruned plan's choice)."),
            ArgumentOption(["--cores"], value: "N", help: "Cores running the kernel (default: all of the 910B2C's)."),
            ArgumentOption(["--threads"], value: "N", help: "Host threads (default: all; results do not depend on it)."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ], positionals: [])

    static func run(_ args: [String], io: CommandIO, progress: Bool = false) -> Int32 {
        let parsed: ParsedArguments
        switch ArgumentParser.parse(args, spec) {
        case .failure(let e): return MsdaDEFAInputs.usage(e, spec, io)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help)
            return ExitCode.success
        }
        let thresholds: [Double], ks: [Double]
        switch MsdaDEFAInputs.numbers(parsed, "thresholds", default: defaultThresholds) {
        case .failure(let e): return MsdaDEFAInputs.usage(e, spec, io)
        case .success(let v): thresholds = v
        }
        switch MsdaDEFAInputs.numbers(parsed, "pixel-k", default: defaultPixelKs) {
        case .failure(let e): return MsdaDEFAInputs.usage(e, spec, io)
        case .success(let v): ks = v
        }
        var dtype = MSDAForwardOptions.DType.f32
        if let d = parsed.value("dtype") {
            guard let t = MSDAForwardOptions.DType(rawValue: d) else { return MsdaDEFAInputs.usage(UsageError("--dtype: '\(d)' is not f32 or f16"), spec, io) }
            dtype = t
        }
        let cores: Int?, threads: Int?, qb: Int?
        switch (parsed.integer("cores", as: Int.self, in: 1...Machine.ascend910B2C.cores), parsed.integer("threads", as: Int.self, in: 1...4096),
                parsed.integer("qb", as: Int.self, in: 16...4096)) {
        case (.failure(let e), _, _), (_, .failure(let e), _), (_, _, .failure(let e)): return MsdaDEFAInputs.usage(e, spec, io)
        case (.success(let c), .success(let t), .success(let q)): (cores, threads, qb) = (c, t, q)
        }
        let inputs: MsdaDEFAInputs
        switch MsdaDEFAInputs.load(parsed, defaultAttention: .peaked) {
        case .failure(.usage(let e)): return MsdaDEFAInputs.usage(e, spec, io)
        case .failure(.problems(let ps)):
            for p in ps { io.stderr(p.text + "\n") }
            return ExitCode.failure
        case .success(let i): inputs = i
        }
        let options = MSDAForwardOptions(dtype: dtype, cores: cores, threads: threads, checks: false, queriesPerBlock: qb)
        let meter = VrunProgress(enabled: progress)
        let sweep: MSDAPruningSweep
        do {
            sweep = try MSDAPruningSweep.run(tensors: inputs.tensors, thresholds: thresholds.map { Float($0) }, pixelKs: ks,
                                             options: options, progress: { meter.start("msda prune: \($0)...") })
        } catch {
            meter.finish("stopped by an error")
            io.stderr("vrun msda prune: error: \(error.message) [\(error.id.rawValue)]\n")
            return ExitCode.failure
        }
        meter.finish("done")
        let command = (["vrun", "msda", "prune"] + args).joined(separator: " ")
        let report = MsdaPruningReport(sweep: sweep, inputs: inputs.label, dtype: dtype, cores: cores ?? Machine.ascend910B2C.cores, command: command)
        if let doc = parsed.value("doc") {
            if let message = report.write(doc: doc, stats: MSDASamplingStats.compute(inputs.tensors), io: io) {
                io.stderr("vrun msda prune: error: \(message) [vrun.write]\n")
                return ExitCode.failure
            }
        }
        io.stdout(report.table() + "\n" + report.headline() + "\n")
        return ExitCode.success
    }
}

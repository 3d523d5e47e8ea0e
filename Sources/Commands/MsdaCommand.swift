import Interpreter
import MSDA

/// `vrun msda fwd|bwd`: the MSDA operator end to end (brief/product.md): PyTorch-layout `.npy`
/// tensors from `--in DIR` or a generated `--workload`, host layouts, the kernel on the machine
/// model, PyTorch-layout results to `--out DIR`, `--check` against the Swift reference.
///
///     vrun msda fwd [--in DIR | --workload NAME] [--out DIR] [--dtype f32|f16] [--mode infer|train]
///                   [--check] [--json] [--trace FILE.json] [--trace-cores LIST] [--trace-window A:B]
///                   [--profile] [--threads N] [--cores N] [--machine NAME|FILE.json] [--no-checks]
///
/// Exit codes as `vrun`: 0 success; 1 bad input files, a failed run or a failed check;
/// 64 usage errors.
/// `VrunCommand` sends `vrun msda ...` here: no kernel file is called `msda` (kernels end in
/// `.asm` or `.vbin`), so the word cannot be mistaken for a kernel.
public enum MsdaCommand {
    static let passes: [(MsdaSettings.Pass, String)] = [
        (.fwd, "forward: output [bs, Q, M*D] (kernels/msda_fwd.asm)"),
        (.bwd, "backward: grad_value, grad_sampling_locations, grad_attention_weights (kernels/msda_bwd.asm after the training forward)"),
    ]

    static func spec(_ pass: MsdaSettings.Pass) -> ArgumentSpec {
        let what = pass == .fwd ? "forward" : "training forward and backward (needs grad_output.npy in --in DIR)"
        return ArgumentSpec(command: "vrun msda \(pass.rawValue)",
                            summary: "Run the MSDA \(what) on the machine model: cycles, pipe ratios, results, check against the reference.",
                            options: MsdaSettings.options, positionals: [])
    }

    /// The overview printed by `vrun msda --help`.
    static var overview: String {
        var s = "USAGE: vrun msda fwd [OPTIONS]\n       vrun msda bwd [OPTIONS]\n       vrun msda report --workload NAME [OPTIONS]\n"
            + "       vrun msda stats [OPTIONS]\n       vrun msda prune [OPTIONS]\n\n"
        s += "Run multi-scale deformable attention end to end on the machine model: read PyTorch-layout .npy tensors\n"
        s += "(or generate a named workload), lay them out on the host, run the kernel, write the results, compare\n"
        s += "with the built-in reference.\n\nPASSES:\n"
        for (p, help) in passes { s += "  " + ReportFormat.left(p.rawValue, 8) + help + "\n" }
        s += "  " + ReportFormat.left("report", 8) + "every design and the xMSDA ablation on one workload: docs/results.md and its SVG chart\n"
        s += "  " + ReportFormat.left("stats", 8) + "reads per pixel of each level (DEFA's FWP criterion): text, --json, --svg heat maps\n"
        s += "  " + ReportFormat.left("prune", 8) + "DEFA on the model: point pruning sweep, three-multiply bilinear, pixel masks: docs/pruning.md\n"
        s += workloads
        s += "\nSee 'vrun msda fwd --help' for the options.\n"
        return s
    }

    /// The workload list, in both help texts.
    static var workloads: String {
        var s = "\nWORKLOADS (--workload NAME; default \(MsdaSettings.defaultWorkload)):\n"
        let width = (MSDAWorkload.names.map(\.count).max() ?? 0) + 2
        for w in MSDAWorkload.all { s += "  " + ReportFormat.left(w.name, width) + w.summary + "\n" }
        return s
    }

    static let overviewUsage = "USAGE: vrun msda fwd|bwd [OPTIONS]\n  See 'vrun msda --help'."

    public static func run(_ args: [String], io: CommandIO, progress: Bool = false) -> Int32 {
        guard let first = args.first else {
            io.stderr("Error: missing the pass: fwd or bwd\n\(overviewUsage)\n")
            return ExitCode.usage
        }
        if first == "-h" || first == "--help" {
            io.stdout(overview)
            return ExitCode.success
        }
        if first == "report" { return MsdaReportCommand.run(Array(args.dropFirst()), io: io) }
        if first == "stats" { return MsdaStatsCommand.run(Array(args.dropFirst()), io: io) }
        if first == "prune" { return MsdaPruningCommand.run(Array(args.dropFirst()), io: io, progress: progress) }
        guard let pass = MsdaSettings.Pass(rawValue: first) else {
            io.stderr("Error: unknown pass '\(first)' (fwd, bwd or report)\n\(overviewUsage)\n")
            return ExitCode.usage
        }
        let spec = spec(pass)
        let parsed: ParsedArguments
        switch ArgumentParser.parse(Array(args.dropFirst()), spec) {
        case .failure(let e): return usage(e, spec, io)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help + workloads)
            return ExitCode.success
        }
        let settings: MsdaSettings
        switch MsdaSettings.from(pass, parsed) {
        case .failure(let e): return usage(e, spec, io)
        case .success(let s): settings = s
        }
        var outcome = MsdaOutcome(settings: settings)
        switch MsdaRun.execute(settings, io: io, progress: progress, outcome: &outcome) {
        case .success:
            io.stdout(settings.json ? json(outcome) : MsdaOutput.text(outcome))
            let failed = ([outcome.check].compactMap { $0 } + outcome.gradChecks).filter { !$0.ok }
            for c in failed {
                io.stderr("\(MsdaRun.prefix): error: \(c.tensor) differs from the reference: \(MsdaOutput.checkText(c)) [msda.check]\n")
            }
            if !failed.isEmpty { return ExitCode.failure }
            return ExitCode.success
        case .failure(.usage(let e)):
            return usage(e, spec, io)
        case .failure(.problems(let problems)):
            for p in problems { io.stderr(p.text + "\n") }
            outcome.problems = problems
            if settings.json { io.stdout(json(outcome)) }
            return ExitCode.failure
        }
    }

    private static func usage(_ e: UsageError, _ spec: ArgumentSpec, _ io: CommandIO) -> Int32 {
        io.stderr("\(e)\n\(spec.usage)\n  See '\(spec.command) --help'.\n")
        return ExitCode.usage
    }

    private static func json(_ o: MsdaOutcome) -> String { MsdaOutput.json(o).rendered(indent: 2) + "\n" }
}

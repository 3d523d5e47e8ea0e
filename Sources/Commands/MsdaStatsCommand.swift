import Foundation
import Interpreter
import MSDA

/// `vrun msda stats`: how often each pixel of each level is sampled (DEFA's FWP criterion),
/// as text or JSON, and an SVG heat map per level (docs/DEFA.md).
///
///     vrun msda stats [--in DIR | --workload NAME] [--attention uniform|peaked] [--k LIST]
///                     [--svg DIR] [--json]
enum MsdaStatsCommand {
    static let spec = ArgumentSpec(
        command: "vrun msda stats",
        summary: "Count how often each pixel of each level is read by the bilinear samples (every in-map corner of every valid sample), and the share of pixels read fewer than k times the level's mean (DEFA's frequency-weighted fmap pruning).",
        options: MsdaDEFAInputs.options + [
            ArgumentOption(["--k"], value: "LIST", help: "The k values, comma-separated (default \(MSDASamplingStats.defaultKs.map { "\($0)" }.joined(separator: ",")))."),
            ArgumentOption(["--svg"], value: "DIR", help: "Write a heat map per level, DIR/level-L.svg (DIR is created)."),
            ArgumentOption(["--json"], help: "Print one JSON object (with every pixel's count) instead of the text summary."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ], positionals: [])

    static func run(_ args: [String], io: CommandIO) -> Int32 {
        let parsed: ParsedArguments
        switch ArgumentParser.parse(args, spec) {
        case .failure(let e): return MsdaDEFAInputs.usage(e, spec, io)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help)
            return ExitCode.success
        }
        let ks: [Double]
        switch MsdaDEFAInputs.numbers(parsed, "k", default: MSDASamplingStats.defaultKs) {
        case .failure(let e): return MsdaDEFAInputs.usage(e, spec, io)
        case .success(let v): ks = v
        }
        let inputs: MsdaDEFAInputs
        switch MsdaDEFAInputs.load(parsed) {
        case .failure(.usage(let e)): return MsdaDEFAInputs.usage(e, spec, io)
        case .failure(.problems(let ps)):
            for p in ps { io.stderr(p.text + "\n") }
            return ExitCode.failure
        case .success(let i): inputs = i
        }
        let stats = MSDASamplingStats.compute(inputs.tensors)
        if let dir = parsed.value("svg") {
            if let message = MsdaDEFAInputs.makeDirectory(dir) {
                io.stderr("vrun msda stats: error: \(message) [vrun.write]\n")
                return ExitCode.failure
            }
            for (l, level) in stats.levels.enumerated() {
                let svg = SVGPlot.heatMap(title: "\(inputs.label): level \(l) (\(level.height)x\(level.width)), reads per pixel",
                                          rows: level.height, cols: level.width, values: level.counts.map(Double.init))
                if let message = io.writeFile(MsdaRun.joined(dir, "level-\(l).svg"), Array(svg.utf8)) {
                    io.stderr("vrun msda stats: error: \(message) [vrun.write]\n")
                    return ExitCode.failure
                }
            }
        }
        io.stdout(parsed.flag("json") ? json(stats, ks: ks, inputs).rendered(indent: 2) + "\n" : text(stats, ks: ks, inputs))
        return ExitCode.success
    }

    static func text(_ s: MSDASamplingStats, ks: [Double], _ inputs: MsdaDEFAInputs) -> String {
        var out = "msda stats (\(inputs.label)): \(inputs.tensors.shape)\n"
        out += "samples \(s.samples), valid \(s.validSamples); reads per pixel (corners in the map of valid samples)\n"
        out += ReportFormat.left("level", 16) + ReportFormat.right("mean", 10) + ReportFormat.right("max", 8)
        for k in ks { out += ReportFormat.right("<\(k)x", 9) }
        out += "\n"
        for (l, level) in s.levels.enumerated() {
            out += ReportFormat.left("\(l) \(level.height)x\(level.width)", 16) + ReportFormat.right(ReportFormat.fixed(level.mean, 2), 10)
                + ReportFormat.right("\(level.maximum)", 8)
            for k in ks { out += ReportFormat.right(ReportFormat.fixed(100 * level.shareBelow(k), 1) + "%", 9) }
            out += "\n"
        }
        return out
    }

    static func json(_ s: MSDASamplingStats, ks: [Double], _ inputs: MsdaDEFAInputs) -> JSONValue {
        .object([
            ("inputs", .string(inputs.label)),
            ("shape", .string(inputs.tensors.shape.description)),
            ("samples", .int(s.samples)),
            ("valid_samples", .int(s.validSamples)),
            ("levels", .array(s.levels.enumerated().map { l, level in
                .object([
                    ("level", .int(l)), ("height", .int(level.height)), ("width", .int(level.width)),
                    ("reads", .int(level.total)), ("mean", .number(level.mean)), ("max", .int(level.maximum)),
                    ("below", .array(ks.map { k in
                        .object([("k", .number(k)), ("pixels", .int(level.below(k))), ("share", .number(level.shareBelow(k)))])
                    })),
                    ("counts", .array(level.counts.map { .int($0) })),
                ])
            })),
        ])
    }
}

/// The inputs of `vrun msda stats` and `vrun msda prune`: `--in DIR` or a generated workload
/// with `--attention uniform|peaked`.
struct MsdaDEFAInputs {
    var tensors: MSDATensors
    var label: String

    static let options: [ArgumentOption] = [
        ArgumentOption(["--in"], value: "DIR", help: "Read value.npy, spatial_shapes.npy, sampling_locations.npy, attention_weights.npy from DIR."),
        ArgumentOption(["--workload"], value: "NAME", help: "Generate a named workload instead (default small): \(MSDAWorkload.names.joined(separator: ", "))."),
        ArgumentOption(["--attention"], value: "uniform|peaked",
                       help: "Attention logits of a generated workload: uniform in [-3, 3) or peaked (normal, sigma \(MSDAWorkload.AttentionStyle.peakedSigma): about 80% of weights below 0.01 at L*P = 16, as DEFA reports for trained models)."),
    ]

    static func load(_ p: ParsedArguments, defaultAttention: MSDAWorkload.AttentionStyle = .uniform) -> Result<MsdaDEFAInputs, VrunFailure> {
        if let extra = p.positionals.first { return .failure(.usage(UsageError("unexpected argument '\(extra)'"))) }
        if p.value("in") != nil, p.value("workload") != nil {
            return .failure(.usage(UsageError("--in and --workload both name the inputs: give one")))
        }
        var attention = defaultAttention
        if let a = p.value("attention") {
            guard let style = MSDAWorkload.AttentionStyle(rawValue: a) else {
                return .failure(.usage(UsageError("--attention: '\(a)' is not uniform or peaked")))
            }
            guard p.value("in") == nil else { return .failure(.usage(UsageError("--attention applies to a generated --workload, not to --in"))) }
            attention = style
        }
        if let dir = p.value("in") {
            do { return .success(MsdaDEFAInputs(tensors: try MSDATensors.load(directory: dir, requireGradOutput: false), label: "in \(dir)")) } catch {
                return .failure(MsdaRun.problem(error))
            }
        }
        let name = p.value("workload") ?? "small"
        do {
            let w = try MSDAWorkload.named(name)
            return .success(MsdaDEFAInputs(tensors: w.tensors(gradOutput: false, attention: attention), label: "workload \(name), \(attention.rawValue) attention"))
        } catch {
            return .failure(.usage(UsageError("--workload: \(error.message)")))
        }
    }

    /// A comma-separated list of non-negative finite numbers.
    static func numbers(_ p: ParsedArguments, _ key: String, default d: [Double]) -> Result<[Double], UsageError> {
        guard let text = p.value(key) else { return .success(d) }
        var out: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
                return .failure(UsageError("--\(key): '\(part)' is not a number >= 0 (give a comma-separated list)"))
            }
            out.append(v)
        }
        return .success(out)
    }

    static func usage(_ e: UsageError, _ spec: ArgumentSpec, _ io: CommandIO) -> Int32 {
        io.stderr("\(e)\n\(spec.usage)\n  See '\(spec.command) --help'.\n")
        return ExitCode.usage
    }

    /// Creates `dir` (and parents); an error message or nil.
    static func makeDirectory(_ dir: String) -> String? {
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch { return "cannot create directory \(dir): \(error)" }
        return nil
    }
}

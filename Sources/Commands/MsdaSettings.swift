import Interpreter
import MSDA

/// The command line of `vrun msda fwd|bwd`, checked for syntax only. Checks that need the
/// machine (core counts) or the inputs (files, shapes) come later, in `MsdaRun`, because
/// their failures differ: a bad number is a usage error (exit 64), a bad file is not (exit 1).
struct MsdaSettings {
    enum Pass: String { case fwd, bwd }

    var pass: Pass
    /// `--in DIR`; nil means a generated workload.
    var inputDirectory: String?
    /// `--workload NAME` (already known to exist), or the default when neither source is given.
    var workload: String?
    var outputDirectory: String?
    /// nil: the inputs' storage type (fp16 files run in fp16, anything else in fp32).
    var dtype: MSDAForwardOptions.DType?
    var mode: MSDAForwardOptions.Mode
    var check: Bool
    var json: Bool
    var trace: String?
    var traceCores: Set<Int>?
    var traceStart: Double?
    var traceEnd: Double?
    var traceLimit: Int?
    var profile: Bool
    var threads: Int?
    var cores: Int?
    var machine: String?
    var checks: Bool
    /// `--max-gm-bytes N`: the cap on each kernel run's GM (nil: `RunOptions.defaultMaxGMBytes`).
    var maxGMBytes: Int? = nil
    /// `--variant NAME`: which design runs (default xMSDA).
    var variant: MSDADesign = .xmsda
    /// `--disable LIST`: the xMSDA switches turned off.
    var switches: MSDASwitches = .all
    /// `--corners stored|gather` (bwd): where the backward's corner values come from.
    var corners: MSDABackwardOptions.Corners = .stored
    /// `--prune T` (fwd): DEFA point pruning at threshold T (docs/DEFA.md).
    var pruneThreshold: Float? = nil
    /// `--bilinear3` (fwd): DEFA's three-multiply bilinear form.
    var threeMultiplyBilinear = false

    /// The workload run when neither `--in` nor `--workload` is given: small enough for a first
    /// run to take seconds, big enough to use several cores and levels.
    static let defaultWorkload = "small"

    /// The options after `fwd` or `bwd` (the same for both passes).
    static let options: [ArgumentOption] = [
        ArgumentOption(["--in"], value: "DIR",
                       help: "Read value.npy, spatial_shapes.npy, sampling_locations.npy, attention_weights.npy (bwd: and grad_output.npy) from DIR."),
        ArgumentOption(["--workload"], value: "NAME",
                       help: "Generate a named workload instead (default \(defaultWorkload)): \(MSDAWorkload.names.joined(separator: ", "))."),
        ArgumentOption(["--out"], value: "DIR", help: "Write the results in PyTorch layout (fwd: output.npy), creating DIR if needed."),
        ArgumentOption(["--dtype"], value: "f32|f16",
                       help: "Storage type of the tensors on the device (default: the type of value.npy; f32 for a workload)."),
        ArgumentOption(["--mode"], value: "infer|train", help: "infer (default), or train: the kernel also stores the gathered corners for the backward (on the device; no file)."),
        ArgumentOption(["--check"], help: "Compare with the built-in reference; exit 1 when outside the tolerance."),
        ArgumentOption(["--json"], help: "Print one JSON object instead of the text summary."),
        ArgumentOption(["--trace"], value: "FILE.json", help: "Write a Chrome trace (Perfetto, chrome://tracing)."),
        ArgumentOption(["--trace-cores"], value: "LIST", help: "Cores in the trace, e.g. 0,1,5-7 (default: all)."),
        ArgumentOption(["--trace-window"], value: "START:END", help: "Cycles in the trace, e.g. 0:50000 (either side may be empty)."),
        ArgumentOption(["--trace-limit"], value: "N",
                       help: "Most events in the trace (default \(TraceFilter.defaultMaxEvents)); the earliest are kept."),
        ArgumentOption(["--profile"], help: "Print busy cycles per kernel source line and pipe, hottest first."),
        ArgumentOption(["--threads"], value: "N", help: "Host threads (default: all host cores; results do not depend on it)."),
        ArgumentOption(["--cores"], value: "N", help: "Cores running the kernel (default: all cores of the machine)."),
        ArgumentOption(["--machine"], value: "NAME|FILE.json",
                       help: "Machine preset (\(Machine.presetNames.joined(separator: ", ")); default \(VrunKernel.defaultMachine)) or a JSON description."),
        ArgumentOption(["--no-checks"], help: "Skip the interpreter's race checks (bounds, flags and deadlocks are always checked)."),
        ArgumentOption(["--max-gm-bytes"], value: "N",
                       help: "Most bytes of GM a kernel run may take before it stops with gm.size (default: 3/4 of physical memory, \(RunOptions.defaultMaxGMBytes))."),
        ArgumentOption(["--variant"], value: "xmsda|vendor|baseline",
                       help: "The design: xmsda (UB gather, default), vendor (one DMA per point), baseline (grid-sample path)."),
        ArgumentOption(["--disable"], value: "LIST",
                       help: "xmsda: switch optimisations off. fwd: adaptive-vl, gather-fusion, padding-fix; bwd: staggered-writes, scatter-fusion; all: the pass's ablation switches."),
        ArgumentOption(["--corners"], value: "stored|gather",
                       help: "bwd: stored (default: the training forward stores the corners, the backward reads them) or gather (the inference forward; the backward gathers the corners from the value planes)."),
        ArgumentOption(["--prune"], value: "T",
                       help: "fwd, xmsda: DEFA point pruning, skip the samples with |attention weight| < T (docs/DEFA.md); --check then compares with the reference on those weights set to 0."),
        ArgumentOption(["--bilinear3"], help: "fwd, xmsda: DEFA's three-multiply bilinear form (not with f16's fused gather)."),
        ArgumentOption(["-h", "--help"], help: "Show help information."),
    ]

    static func from(_ pass: Pass, _ p: ParsedArguments) -> Result<MsdaSettings, UsageError> {
        do { return .success(try parse(pass, p)) } catch { return .failure(error) }
    }

    private static func parse(_ pass: Pass, _ p: ParsedArguments) throws(UsageError) -> MsdaSettings {
        if let extra = p.positionals.first {
            throw UsageError("unexpected argument '\(extra)' (inputs come from --in DIR or --workload NAME)")
        }
        if p.value("in") != nil, p.value("workload") != nil {
            throw UsageError("--in and --workload both name the inputs: give one")
        }
        var workload: String?
        if p.value("in") == nil {
            let name = p.value("workload") ?? defaultWorkload
            do { _ = try MSDAWorkload.named(name) } catch {
                throw UsageError("--workload: unknown workload '\(name)' (workloads: \(MSDAWorkload.names.joined(separator: ", ")))")
            }
            workload = name
        }
        var dtype: MSDAForwardOptions.DType?
        if let d = p.value("dtype") {
            guard let t = MSDAForwardOptions.DType(rawValue: d) else { throw UsageError("--dtype: '\(d)' is not f32 or f16") }
            dtype = t
        }
        var mode = MSDAForwardOptions.Mode.infer
        if let m = p.value("mode") {
            guard let v = MSDAForwardOptions.Mode(rawValue: m) else { throw UsageError("--mode: '\(m)' is not infer or train") }
            mode = v
        }
        var traceCores: Set<Int>?
        if let list = p.value("trace-cores") { traceCores = try VrunSettings.parseCoreList(list) }
        var window: (Double?, Double?) = (nil, nil)
        if let w = p.value("trace-window") { window = try VrunSettings.parseWindow(w) }
        let traceLimit = try p.integer("trace-limit", as: Int.self, in: 1...Int.max).get()
        if p.value("trace") == nil, p.value("trace-cores") != nil || p.value("trace-window") != nil || traceLimit != nil {
            throw UsageError("--trace-cores, --trace-window and --trace-limit narrow a trace: add --trace FILE.json")
        }
        var variant = MSDADesign.xmsda
        if let v = p.value("variant") {
            guard let d = MSDADesign(rawValue: v) else {
                throw UsageError("--variant: '\(v)' is not \(MSDADesign.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            variant = d
        }
        var switches = MSDASwitches.all
        if let list = p.value("disable") {
            switch MSDASwitches.parse(list) {
            case .failure(let e): throw UsageError("--disable: \(e.message)")
            case .success(let s): switches = s
            }
            // Each pass takes its own switches: fwd the forward's, bwd the backward kernel's (its
            // training forward runs as xMSDA ships). "all" means this pass's; a named switch of
            // the other pass is an error rather than silently doing nothing.
            let mine = { (n: MSDASwitches.Name) in n.isForward == (pass == .fwd) }
            let named = Set(list.split(separator: ",").compactMap { MSDASwitches.Name(rawValue: String($0.filter { !$0.isWhitespace })) })
            if let other = named.first(where: { !mine($0) }) {
                throw UsageError("--disable: \(other.rawValue) is a switch of the \(other.isForward ? "forward (vrun msda fwd)" : "backward (vrun msda bwd)")")
            }
            switches.off = switches.off.filter(mine)
            if variant != .xmsda { throw UsageError("--disable: the switches are xmsda's; the \(variant.rawValue) design has none") }
        }
        if variant != .xmsda, p.value("trace") != nil || p.flag("profile") {
            throw UsageError("--trace and --profile show one kernel: they work with --variant xmsda only")
        }
        var settings = MsdaSettings(
            pass: pass, inputDirectory: p.value("in"), workload: workload, outputDirectory: p.value("out"),
            dtype: dtype, mode: mode, check: p.flag("check"), json: p.flag("json"),
            trace: p.value("trace"), traceCores: traceCores, traceStart: window.0, traceEnd: window.1, traceLimit: traceLimit,
            profile: p.flag("profile"),
            threads: try p.integer("threads", as: Int.self, in: 1...4096).get(),
            cores: try p.integer("cores", as: Int.self, in: 1...1_000_000).get(),
            machine: p.value("machine"), checks: !p.flag("no-checks"),
            maxGMBytes: try p.integer("max-gm-bytes", as: Int.self, in: 1...Int.max).get())
        settings.variant = variant
        settings.switches = switches
        if let c = p.value("corners") {
            guard pass == .bwd else { throw UsageError("--corners chooses the backward's corner source: it works with bwd only") }
            guard let v = MSDABackwardOptions.Corners(rawValue: c) else { throw UsageError("--corners: '\(c)' is not stored or gather") }
            guard variant == .xmsda else { throw UsageError("--corners: the corner source is xmsda's; the \(variant.rawValue) design has none") }
            settings.corners = v
        }
        if p.value("prune") != nil || p.flag("bilinear3") {
            guard pass == .fwd, variant == .xmsda else { throw UsageError("--prune and --bilinear3 are switches of the xmsda forward: vrun msda fwd only") }
        }
        if let t = p.value("prune") {
            guard let v = Float(t), v.isFinite, v >= 0 else { throw UsageError("--prune: '\(t)' is not a threshold >= 0") }
            settings.pruneThreshold = v
        }
        settings.threeMultiplyBilinear = p.flag("bilinear3")
        return settings
    }
}

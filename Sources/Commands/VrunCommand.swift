import ISA
import Interpreter
import NPY

/// `vrun`: runs a kernel (`.asm`, assembled on the fly, or `.vbin`) on the machine model and
/// reports cycles, utilisation, outputs, and optionally a Chrome trace and a line profile.
///
///     vrun KERNEL(.asm|.vbin) [--machine NAME|FILE.json] [--cores N] [--param NAME=VALUE]...
///          [--in NAME=FILE.npy]... [--out NAME=FILE.npy]... [--alloc NAME=TYPE[DIMS]]...
///          [--trace FILE.json] [--trace-cores LIST] [--trace-window START:END] [--profile]
///          [--json] [--threads N] [--strict] [--no-checks] [-D NAME=VALUE]...
///
/// Exit codes: 0 success; 1 assembly, file, machine or runtime errors; 64 usage errors.
/// The summary (or the JSON object) goes to stdout; diagnostics, warnings and progress to stderr.
public enum VrunCommand {
    public static let version = "0.1.0"

    public static let spec = ArgumentSpec(
        command: "vrun",
        summary: "Run a vector-core kernel on the machine model: outputs, cycles, pipe utilisation, traces and profiles.",
        options: [
            ArgumentOption(["--machine"], value: "NAME|FILE.json",
                           help: "Machine preset (\(Machine.presetNames.joined(separator: ", ")); default \(VrunKernel.defaultMachine)) or a JSON description."),
            ArgumentOption(["--cores"], value: "N", help: "Cores running the kernel (default: all cores of the machine)."),
            ArgumentOption(["--param"], value: "NAME=VALUE", repeatable: true, help: "Bind an i64 or f32 scalar parameter."),
            ArgumentOption(["--in"], value: "NAME=FILE.npy", repeatable: true, help: "Bind a GM parameter to the contents of a .npy file."),
            ArgumentOption(["--out"], value: "NAME=FILE.npy", repeatable: true, help: "Write a GM parameter's final contents as .npy."),
            ArgumentOption(["--alloc"], value: "NAME=TYPE[DIMS]", repeatable: true,
                           help: "Bind a GM parameter to zeros, e.g. --alloc z=f32[4,256]."),
            ArgumentOption(["--trace"], value: "FILE.json", help: "Write a Chrome trace (Perfetto, chrome://tracing)."),
            ArgumentOption(["--trace-cores"], value: "LIST", help: "Cores in the trace, e.g. 0,1,5-7 (default: all)."),
            ArgumentOption(["--trace-window"], value: "START:END", help: "Cycles in the trace, e.g. 0:50000 (either side may be empty)."),
            ArgumentOption(["--trace-limit"], value: "N",
                           help: "Most events in the trace (default \(TraceFilter.defaultMaxEvents)); the earliest are kept."),
            ArgumentOption(["--profile"], help: "Print busy cycles per source line and pipe, hottest first."),
            ArgumentOption(["--json"], help: "Print one JSON object instead of the text summary."),
            ArgumentOption(["--threads"], value: "N", help: "Host threads (default: all host cores; results do not depend on it)."),
            ArgumentOption(["--strict"], help: "Make unspecified-behaviour cases errors."),
            ArgumentOption(["--no-checks"], help: "Skip race checks (bounds, flags and deadlocks are always checked)."),
            ArgumentOption(["--max-cycles"], value: "N", help: "Simulated cycle budget (default \(Int(RunOptions.defaultCycleBudget)))."),
            ArgumentOption(["--max-instructions"], value: "N",
                           help: "Instructions per core before the run stops (default \(RunOptions.defaultInstructionBudget))."),
            ArgumentOption(["--write-only"], value: "LIST", repeatable: true,
                           help: "GM parameters the kernel never reads, e.g. out,grad (a read is an error; their writes skip the write log: less memory and time)."),
            ArgumentOption(["--max-gm-bytes"], value: "N",
                           help: "Most bytes of GM a run may take before it stops with gm.size (default: 3/4 of physical memory, \(RunOptions.defaultMaxGMBytes))."),
            ArgumentOption(["-D", "--define"], key: "define", value: "NAME=VALUE", repeatable: true,
                           help: "Define NAME for assembling a .asm kernel (NAME alone means 1)."),
            ArgumentOption(["--version"], help: "Print the tool, bytecode format and ISA versions."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ],
        positionals: [ArgumentPositional("KERNEL", help: "The kernel: a .asm file (assembled first) or a .vbin file.")],
        extraUsage: ["vrun msda fwd|bwd|report [OPTIONS]   (the MSDA operator end to end; see 'vrun msda --help')"])

    /// Runs with the process's stdout, stderr and file system; progress lines when stderr is a terminal.
    public static func run(_ args: [String]) -> Int32 {
        run(args, io: .standard, progress: VrunProgress.stderrIsTerminal)
    }

    /// Runs with the given output sinks and file access (what tests use). Traces are written to
    /// the real file system (they are streamed).
    public static func run(_ args: [String], io: CommandIO, progress: Bool = false) -> Int32 {
        if args.first == "msda" { return MsdaCommand.run(Array(args.dropFirst()), io: io, progress: progress) }
        let parsed: ParsedArguments
        switch ArgumentParser.parse(args, spec) {
        case .failure(let e): return usage(e, io)
        case .success(let p): parsed = p
        }
        if parsed.helpRequested {
            io.stdout(spec.help)
            return ExitCode.success
        }
        if parsed.flag("version") {
            io.stdout("vrun \(version) (bytecode format \(BytecodeFormat.version), ISA version \(ISAVersion.current))\n")
            return ExitCode.success
        }
        if let e = ArgumentParser.checkPositionals(parsed, spec) { return usage(e, io) }
        let settings: VrunSettings
        switch VrunSettings.from(parsed) {
        case .failure(let e): return usage(e, io)
        case .success(let s): settings = s
        }
        var outcome = VrunOutcome(kernel: settings.kernel, threads: settings.threads)
        switch execute(settings, io: io, progress: progress, outcome: &outcome) {
        case .success:
            io.stdout(settings.json ? json(outcome) : VrunOutput.text(outcome))
            return ExitCode.success
        case .failure(.usage(let e)):
            return usage(e, io)
        case .failure(.problems(let problems)):
            for p in problems { io.stderr(p.text + "\n") }
            outcome.problems = problems
            if settings.json { io.stdout(json(outcome)) }
            return ExitCode.failure
        }
    }

    private static func usage(_ e: UsageError, _ io: CommandIO) -> Int32 {
        io.stderr("\(e)\n\(spec.usage)\n  See 'vrun --help'.\n")
        return ExitCode.usage
    }

    private static func json(_ o: VrunOutcome) -> String { VrunOutput.json(o).rendered(indent: 2) + "\n" }

    /// Everything after parsing: machine, kernel, bindings, the run, then outputs and trace.
    private static func execute(_ s: VrunSettings, io: CommandIO, progress: Bool, outcome: inout VrunOutcome) -> Result<Void, VrunFailure> {
        let machine: Machine
        switch VrunKernel.machine(s.machine, readFile: io.readFile) {
        case .failure(let f): return .failure(f)
        case .success(let m): machine = m
        }
        outcome.machine = machine
        if let c = s.cores, c > machine.cores {
            return .failure(.usage(UsageError("--cores \(c): the \(machine.name) machine has \(machine.cores) cores")))
        }
        let coreCount = s.cores ?? machine.cores
        if let traced = s.traceCores, let bad = traced.filter({ $0 >= coreCount }).min() {
            return .failure(.usage(UsageError("--trace-cores: core \(bad) does not run (cores 0-\(coreCount - 1))")))
        }
        let program: Program
        switch VrunKernel.program(s.kernel, defines: s.defines, readFile: io.readFile, warn: io.stderr) {
        case .failure(let f): return .failure(f)
        case .success(let p): program = p
        }
        outcome.program = program
        outcome.source = SourceText(files: program.debug.files, reader: io.readFile)
        var bindings: VrunBindings
        switch VrunBindings.plan(s, program: program) {
        case .failure(let e): return .failure(.usage(e))
        case .success(let b): bindings = b
        }
        if let problem = bindings.load(readFile: io.readFile) { return .failure(.problem(problem)) }

        var options = RunOptions(cores: coreCount, threads: s.threads, strict: s.strict, checks: s.checks,
                                 recordTimeline: s.trace != nil || s.profile)
        if let n = s.maxInstructions { options.instructionBudget = n }
        if let c = s.maxCycles { options.cycleBudget = c }
        options.maxGMBytes = s.maxGMBytes
        let gmParams = program.params.filter { if case .gm = $0.kind { true } else { false } }.map(\.name)
        if let bad = s.writeOnly.first(where: { !gmParams.contains($0) }) {
            return .failure(.usage(UsageError("--write-only \(bad): not a GM parameter of the kernel (GM parameters: \(gmParams.joined(separator: ", ")))")))
        }
        options.writeOnly = Set(s.writeOnly)
        // Only the parameters written out with --out are copied back from GM.
        options.outputNames = Set(bindings.outputs.map(\.name))
        let meter = VrunProgress(enabled: progress)
        meter.start("running \(s.kernel) on \(coreCount) core\(coreCount == 1 ? "" : "s") of \(machine.name)...")
        let arguments = bindings.arguments
        bindings.arguments = KernelArguments()  // GM gets the only copy of the inputs
        let result = Simulator.run(program: program, machine: machine, arguments: consume arguments, options: options)
        let report: RunReport
        switch result {
        case .failure(let e):
            meter.finish("stopped by an error")
            return .failure(.problem(VrunProblem(id: e.id, message: e.message, location: e.location, text: e.description, runtime: e)))
        case .success(let r): report = r
        }
        meter.finish("functional phase \(ReportFormat.fixed(report.functionalSeconds, 2)) s, timing phase \(ReportFormat.fixed(report.timingSeconds, 2)) s")
        outcome.report = report

        for (name, path) in bindings.outputs {
            guard let layout = bindings.layouts[name], let dtype = layout.dtype, let bytes = report.outputs[name] else { continue }
            let encoded: [UInt8]
            do { encoded = try NPY.encode(NPYArray(dtype: dtype, shape: layout.shape, data: bytes)) } catch {
                return .failure(.problem(VrunProblem(id: error.id.rawValue, message: "--out \(name): \(error.message)", location: path)))
            }
            if let message = io.writeFile(path, encoded) {
                return .failure(.problem(VrunProblem(id: "vrun.write", message: message, location: path)))
            }
            outcome.outputs.append((name, path, layout))
        }
        if let path = s.trace {
            let filter = TraceFilter(cores: s.traceCores, start: s.traceStart, end: s.traceEnd,
                                     maxEvents: s.traceLimit ?? TraceFilter.defaultMaxEvents)
            switch MsdaShared.writeTrace(path: path, report: report, program: program, machine: machine, filter: filter,
                                         source: outcome.source ?? .none(program), warn: io.stderr) {
            case .failure(let failure): return .failure(failure)
            case .success(let stats):
                outcome.tracePath = path
                outcome.traceStats = stats
            }
        }
        if s.profile { outcome.profile = LineProfile.build(report: report, program: program) }
        return .success(())
    }
}

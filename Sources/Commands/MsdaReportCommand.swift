import Foundation
import Interpreter
import MSDA

/// `vrun msda report --workload NAME`: runs the three designs and the xMSDA ablation on one
/// workload and writes `docs/results.md` (tables, what bounds each design) and the SVG chart it
/// shows, next to it. Progress goes to stderr, one line per run.
///
///     vrun msda report --workload NAME [--out FILE.md] [--dtype f16|f32] [--cores N] [--threads N]
///                      [--machine NAME|FILE.json] [--no-checks] [--max-gm-bytes N]
enum MsdaReportCommand {
    static let defaultOutput = "docs/results.md"

    static let spec = ArgumentSpec(
        command: "vrun msda report",
        summary: "Run every MSDA design (xmsda, vendor, baseline) and the xMSDA ablation (default, each switch off, all off) on one workload; write a Markdown report and its SVG chart.",
        options: [
            ArgumentOption(["--workload"], value: "NAME", help: "The workload (required): \(MSDAWorkload.names.joined(separator: ", "))."),
            ArgumentOption(["--out"], value: "FILE.md", help: "The report (default \(defaultOutput)); the chart goes next to it as FILE.svg."),
            ArgumentOption(["--dtype"], value: "f16|f32", help: "Storage type (default f16, the paper's; gather fusion exists only in fp16)."),
            ArgumentOption(["--cores"], value: "N", help: "Cores running the kernels (default: all cores of the machine)."),
            ArgumentOption(["--threads"], value: "N", help: "Host threads (default: all host cores; results do not depend on it)."),
            ArgumentOption(["--machine"], value: "NAME|FILE.json",
                           help: "Machine preset (\(Machine.presetNames.joined(separator: ", ")); default \(VrunKernel.defaultMachine)) or a JSON description."),
            ArgumentOption(["--no-checks"], help: "Skip the interpreter's race checks (faster; results are the same)."),
            ArgumentOption(["--max-gm-bytes"], value: "N", help: "Most bytes of GM each kernel run may take (default: 3/4 of physical memory)."),
            ArgumentOption(["-h", "--help"], help: "Show help information."),
        ], positionals: [])

    static func run(_ args: [String], io: CommandIO) -> Int32 {
        let p: ParsedArguments
        switch ArgumentParser.parse(args, spec) {
        case .failure(let e): return usage(e, io)
        case .success(let parsed): p = parsed
        }
        if p.helpRequested {
            io.stdout(spec.help + MsdaCommand.workloads.replacingOccurrences(of: "; default \(MsdaSettings.defaultWorkload)", with: "; required"))
            return ExitCode.success
        }
        let settings: MSDARunSettings, workload: MSDAWorkload, out: String
        switch parse(p, io: io) {
        case .failure(.usage(let e)): return usage(e, io)
        case .failure(.problems(let problems)):
            for problem in problems { io.stderr(problem.text + "\n") }
            return ExitCode.failure
        case .success(let v): (settings, workload, out) = v
        }
        let command = (["vrun", "msda", "report"] + args).joined(separator: " ")
        let tensors = workload.tensors(gradOutput: true)
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> String { ReportFormat.fixed(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, 1) + " s" }
        io.stderr("vrun msda report: workload \(workload.name) [\(tensors.shape)], \(settings.dtype.rawValue), "
                  + "\(settings.cores ?? settings.machine.cores) cores of \(settings.machine.name)\n")
        let report: MSDAResultsReport
        do {
            report = try MSDAResultsReport.run(workload: workload.name, tensors: tensors, settings: settings) { line in
                io.stderr("vrun msda report: \(elapsed()) \(line)\n")
            }
        } catch {
            io.stderr("\(MsdaRun.prefix): error: \(error.message) [\(error.id)]\n")
            return ExitCode.failure
        }
        let svgPath = (out.hasSuffix(".md") ? String(out.dropLast(3)) : out) + ".svg"
        let chart = (svgPath as NSString).lastPathComponent
        let directory = (out as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        for (path, text) in [(out, report.markdown(command: command, chart: chart)), (svgPath, report.svg())] {
            if let message = io.writeFile(path, Array(text.utf8)) {
                io.stderr("\(MsdaRun.prefix): error: \(message) [vrun.write]\n")
                return ExitCode.failure
            }
        }
        io.stderr("vrun msda report: done in \(elapsed())\n")
        io.stdout("wrote \(out) and \(svgPath)\n")
        return ExitCode.success
    }

    private static func parse(_ p: ParsedArguments, io: CommandIO) -> Result<(MSDARunSettings, MSDAWorkload, String), VrunFailure> {
        if let extra = p.positionals.first { return .failure(.usage(UsageError("unexpected argument '\(extra)'"))) }
        guard let name = p.value("workload") else {
            return .failure(.usage(UsageError("--workload NAME is required (workloads: \(MSDAWorkload.names.joined(separator: ", ")))")))
        }
        let workload: MSDAWorkload
        do { workload = try MSDAWorkload.named(name) } catch {
            return .failure(.usage(UsageError("--workload: unknown workload '\(name)' (workloads: \(MSDAWorkload.names.joined(separator: ", ")))")))
        }
        var dtype = MSDAForwardOptions.DType.f16
        if let d = p.value("dtype") {
            guard let t = MSDAForwardOptions.DType(rawValue: d) else { return .failure(.usage(UsageError("--dtype: '\(d)' is not f16 or f32"))) }
            dtype = t
        }
        let numbers: (cores: Int?, threads: Int?, gm: Int?)
        do {
            numbers = (try p.integer("cores", as: Int.self, in: 1...1_000_000).get(), try p.integer("threads", as: Int.self, in: 1...4096).get(),
                       try p.integer("max-gm-bytes", as: Int.self, in: 1...Int.max).get())
        } catch { return .failure(.usage(error)) }
        let machine: Machine
        switch VrunKernel.machine(p.value("machine"), readFile: io.readFile) {
        case .failure(let f): return .failure(f)
        case .success(let m): machine = m
        }
        if let c = numbers.cores, c > machine.cores {
            return .failure(.usage(UsageError("--cores \(c): the \(machine.name) machine has \(machine.cores) cores")))
        }
        let settings = MSDARunSettings(dtype: dtype, machine: machine, cores: numbers.cores, threads: numbers.threads,
                                       checks: !p.flag("no-checks"), maxGMBytes: numbers.gm)
        return .success((settings, workload, p.value("out") ?? defaultOutput))
    }

    private static func usage(_ e: UsageError, _ io: CommandIO) -> Int32 {
        io.stderr("\(e)\n\(spec.usage)\n  See '\(spec.command) --help'.\n")
        return ExitCode.usage
    }
}

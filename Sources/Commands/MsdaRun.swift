import Foundation
import ISA
import Interpreter
import MSDA

/// Everything `vrun msda` learned, for the text summary and the JSON object (`MsdaOutput`).
/// Filled step by step, so a failure part-way still reports what was known (the shape, say).
struct MsdaOutcome {
    var settings: MsdaSettings
    var shape: MSDAShape?
    var dtype: MSDAForwardOptions.DType?
    var machine: Machine?
    var result: MSDAForwardResult?
    /// Wall time of the forward driver: host layouts, assembly, simulation, output transpose.
    var hostSeconds: Double?
    var check: MsdaCheck?
    /// Result files written: tensor name and path.
    var outputs: [(tensor: String, path: String, shape: [Int], dtype: String)] = []
    var tracePath: String?
    var traceStats: TraceStats?
    var profile: LineProfile?
    var program: Program?
    var source: SourceText?
    var problems: [VrunProblem] = []

    /// `workload small` or `in DIR`: where the inputs came from.
    var inputLabel: String {
        if let w = settings.workload { return "workload \(w)" }
        return "in \(settings.inputDirectory ?? "?")"
    }
}

/// The steps of `vrun msda`: machine, inputs, the kernel run, outputs, check, trace, profile.
enum MsdaRun {
    /// The problem text starts with this, so a user sees which command complained.
    static let prefix = "vrun msda"

    static func problem(_ id: String, _ message: String, location: String? = nil, runtime: RuntimeError? = nil) -> VrunFailure {
        .problem(VrunProblem(id: id, message: message, location: location,
                             text: "\(prefix): error: \(message) [\(id)]", runtime: runtime))
    }

    /// An MSDA-layer error as a problem; `.npy` errors keep the NPY id (`npy.io`, ...), whose
    /// message already names the file.
    static func problem(_ e: MSDAError) -> VrunFailure {
        if let n = e.underlying { return problem(n.id.rawValue, "\(n.file): \(n.message)", location: n.file) }
        return problem(e.id.rawValue, e.message)
    }

    static func execute(_ s: MsdaSettings, io: CommandIO, progress: Bool, outcome o: inout MsdaOutcome) -> Result<Void, VrunFailure> {
        let machine: Machine
        switch VrunKernel.machine(s.machine, readFile: io.readFile) {
        case .failure(let f): return .failure(f)
        case .success(let m): machine = m
        }
        o.machine = machine
        if let c = s.cores, c > machine.cores {
            return .failure(.usage(UsageError("--cores \(c): the \(machine.name) machine has \(machine.cores) cores")))
        }
        let coreCount = s.cores ?? machine.cores
        if let traced = s.traceCores, let bad = traced.filter({ $0 >= coreCount }).min() {
            return .failure(.usage(UsageError("--trace-cores: core \(bad) does not run (cores 0-\(coreCount - 1))")))
        }

        var tensors: MSDATensors
        switch loadInputs(s) {
        case .failure(let f): return .failure(f)
        case .success(let t): tensors = t
        }
        o.shape = tensors.shape
        let dtype = s.dtype ?? (tensors.storage.value == .float16 ? .f16 : .f32)
        o.dtype = dtype
        if s.pass == .bwd {
            return .failure(problem("msda.bwd-not-implemented",
                                    "the backward kernel is not implemented yet (only the Swift reference exists); 'vrun msda fwd' runs the forward pass"))
        }

        let options = MSDAForwardOptions(dtype: dtype, mode: s.mode, machine: machine, cores: coreCount, threads: s.threads,
                                         recordTimeline: s.trace != nil || s.profile, checks: s.checks)
        let meter = VrunProgress(enabled: progress)
        meter.start("running msda fwd (\(o.inputLabel)) on \(coreCount) core\(coreCount == 1 ? "" : "s") of \(machine.name)...")
        let started = DispatchTime.now().uptimeNanoseconds
        let result: MSDAForwardResult
        do {
            result = try MSDAForward.run(tensors: tensors, options: options)
        } catch {
            meter.finish("stopped by an error")
            return .failure(problem(error.id.rawValue, error.message, runtime: error.runtime))
        }
        o.hostSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        meter.finish("done in \(ReportFormat.fixed(o.hostSeconds ?? 0, 2)) s")
        o.result = result

        if let dir = s.outputDirectory {
            // Results go out in the device's storage type (brief/msda.md, "Precision").
            tensors.storage.value = dtype == .f16 ? .float16 : .float32
            do { try tensors.write(output: result.output, to: dir) } catch { return .failure(problem(error)) }
            o.outputs.append(("output", joined(dir, MSDATensors.FileName.output), tensors.shape.outputShape,
                              dtype == .f16 ? "float16" : "float32"))
        }
        if s.check {
            o.check = MsdaCheck.forward(ours: result.output, tensors: tensors, dtype: dtype,
                                        threads: s.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        }
        if s.trace != nil || s.profile {
            // The driver does not hand back its program; assembling the same plan again gives
            // the same program (assembly is deterministic), for instruction names and sources.
            let program: Program
            do { program = try MSDAForward.assemble(result.plan) } catch {
                return .failure(problem(error.id.rawValue, error.message))
            }
            o.program = program
            o.source = SourceText(files: program.debug.files, reader: io.readFile)
        }
        if let path = s.trace, let program = o.program {
            let filter = TraceFilter(cores: s.traceCores, start: s.traceStart, end: s.traceEnd,
                                     maxEvents: s.traceLimit ?? TraceFilter.defaultMaxEvents)
            switch MsdaShared.writeTrace(path: path, report: result.report, program: program, machine: machine, filter: filter,
                                         source: o.source ?? .none(program), warn: io.stderr) {
            case .failure(let f): return .failure(f)
            case .success(let stats):
                o.tracePath = path
                o.traceStats = stats
            }
        }
        if s.profile, let program = o.program { o.profile = LineProfile.build(report: result.report, program: program) }
        return .success(())
    }

    /// The inputs: a directory of golden-named `.npy` files, or a generated workload.
    static func loadInputs(_ s: MsdaSettings) -> Result<MSDATensors, VrunFailure> {
        let backward = s.pass == .bwd
        if let dir = s.inputDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                return .failure(problem("msda.io", "--in \(dir): no such directory", location: dir))
            }
            do { return .success(try MSDATensors.load(directory: dir, requireGradOutput: backward)) } catch {
                return .failure(problem(error))
            }
        }
        do {
            return .success(try MSDAWorkload.named(s.workload ?? MsdaSettings.defaultWorkload).tensors(gradOutput: backward))
        } catch {
            return .failure(.usage(UsageError("--workload: \(error.message)")))
        }
    }

    static func joined(_ dir: String, _ name: String) -> String { dir.hasSuffix("/") ? dir + name : dir + "/" + name }
}

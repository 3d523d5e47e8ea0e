import Foundation
import ISA
import Interpreter
import MSDA
import NPY

/// Everything `vrun msda` learned, for the text summary and the JSON object (`MsdaOutput`).
/// Filled step by step, so a failure part-way still reports what was known (the shape, say).
struct MsdaOutcome {
    var settings: MsdaSettings
    var shape: MSDAShape?
    var dtype: MSDAForwardOptions.DType?
    var machine: Machine?
    var result: MSDAForwardResult?
    /// `vrun msda bwd`: the backward run (its `forward` is also in `result`).
    var backward: MSDABackwardResult?
    /// Wall time of the forward driver: host layouts, assembly, simulation, output transpose.
    var hostSeconds: Double?
    var check: MsdaCheck?
    /// `vrun msda bwd --check`: grad_value, grad_sampling_locations, grad_attention_weights.
    var gradChecks: [MsdaCheck] = []
    /// Result files written: tensor name and path.
    var outputs: [(tensor: String, path: String, shape: [Int], dtype: String)] = []
    var tracePath: String?
    var traceStats: TraceStats?
    var profile: LineProfile?
    var program: Program?
    var source: SourceText?
    var problems: [VrunProblem] = []
    /// `--variant vendor|baseline`: that design's run (the xMSDA fields above stay nil).
    var variant: MsdaVariantOutcome?

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
        if s.variant != .xmsda {
            return MsdaVariantRun.execute(s, tensors: tensors, dtype: dtype, machine: machine, cores: coreCount, io: io, progress: progress, outcome: &o)
        }
        if s.pass == .bwd { return executeBackward(s, tensors: tensors, dtype: dtype, machine: machine, cores: coreCount, io: io, progress: progress, outcome: &o) }

        var options = MSDAForwardOptions(dtype: dtype, mode: s.mode, machine: machine, cores: coreCount, threads: s.threads,
                                         recordTimeline: s.trace != nil || s.profile, checks: s.checks, maxGMBytes: s.maxGMBytes)
        s.switches.apply(to: &options)
        options.pruneThreshold = s.pruneThreshold
        options.threeMultiplyBilinear = s.threeMultiplyBilinear
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
            // Pruned: the operator it computes is the one on the pruned weights set to 0 (docs/DEFA.md).
            let checked = s.pruneThreshold.map { MSDAPruning.zeroingPruned(tensors, threshold: $0).tensors } ?? tensors
            o.check = MsdaCheck.forward(ours: result.output, tensors: checked, dtype: dtype,
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
        return traceAndProfile(s, report: result.report, io: io, outcome: &o)
    }

    /// `--trace` and `--profile` of the kernel that ran (`o.program`).
    static func traceAndProfile(_ s: MsdaSettings, report: RunReport, io: CommandIO, outcome o: inout MsdaOutcome) -> Result<Void, VrunFailure> {
        if let path = s.trace, let program = o.program, let machine = o.machine {
            let filter = TraceFilter(cores: s.traceCores, start: s.traceStart, end: s.traceEnd,
                                     maxEvents: s.traceLimit ?? TraceFilter.defaultMaxEvents)
            switch MsdaShared.writeTrace(path: path, report: report, program: program, machine: machine, filter: filter,
                                         source: o.source ?? .none(program), warn: io.stderr) {
            case .failure(let f): return .failure(f)
            case .success(let stats):
                o.tracePath = path
                o.traceStats = stats
            }
        }
        if s.profile, let program = o.program { o.profile = LineProfile.build(report: report, program: program) }
        return .success(())
    }

    /// `vrun msda bwd`: the training forward then the backward kernel (`MSDABackward.run`),
    /// output.npy and the three gradients written, checked against the reference. fp16
    /// (`--dtype f16`): fp16 storage throughout (docs/MSDA-backward.md, "fp16 storage"), results
    /// written as float16, checked against the reference on the fp16-rounded inputs.
    static func executeBackward(_ s: MsdaSettings, tensors: MSDATensors, dtype: MSDAForwardOptions.DType, machine: Machine, cores: Int,
                                io: CommandIO, progress: Bool, outcome o: inout MsdaOutcome) -> Result<Void, VrunFailure> {
        var options = MSDABackwardOptions(dtype: dtype, machine: machine, cores: cores, threads: s.threads,
                                          recordTimeline: s.trace != nil || s.profile, checks: s.checks, maxGMBytes: s.maxGMBytes)
        s.switches.apply(to: &options)
        options.corners = s.corners
        let meter = VrunProgress(enabled: progress)
        meter.start("running msda bwd (\(o.inputLabel)) on \(cores) core\(cores == 1 ? "" : "s") of \(machine.name)...")
        let started = DispatchTime.now().uptimeNanoseconds
        let result: MSDABackwardResult
        do {
            result = try MSDABackward.run(tensors: tensors, options: options)
        } catch {
            meter.finish("stopped by an error")
            return .failure(problem(error.id.rawValue, error.message, runtime: error.runtime))
        }
        o.hostSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        meter.finish("done in \(ReportFormat.fixed(o.hostSeconds ?? 0, 2)) s")
        o.result = result.forward
        o.backward = result
        if let dir = s.outputDirectory {
            var t = tensors
            let half: NPYDType = dtype == .f16 ? .float16 : .float32
            t.storage = MSDAStorage(value: half, samplingLocations: half, attentionWeights: half)
            do {
                try t.write(output: result.forward.output, to: dir)
                try t.write(gradients: result.gradients, to: dir)
            } catch { return .failure(problem(error)) }
            let shape = tensors.shape
            for (name, file, dims) in [("output", MSDATensors.FileName.output, shape.outputShape),
                                       ("grad_value", MSDATensors.FileName.gradValue, shape.valueShape),
                                       ("grad_sampling_locations", MSDATensors.FileName.gradSamplingLocations, shape.samplingLocationsShape),
                                       ("grad_attention_weights", MSDATensors.FileName.gradAttentionWeights, shape.attentionWeightsShape)] {
                o.outputs.append((name, joined(dir, file), dims, dtype == .f16 ? "float16" : "float32"))
            }
        }
        if s.check {
            let threads = s.threads ?? ProcessInfo.processInfo.activeProcessorCount
            o.check = MsdaCheck.forward(ours: result.forward.output, tensors: tensors, dtype: dtype, threads: threads)
            o.gradChecks = dtype == .f16 ? MsdaCheck.backwardF16(ours: result.gradients, tensors: tensors, threads: threads)
                                         : MsdaCheck.backward(ours: result.gradients, tensors: tensors, threads: threads)
        }
        if s.trace != nil || s.profile {
            let program: Program
            do { program = try MSDABackward.assemble(result.plan) } catch {
                return .failure(problem(error.id.rawValue, error.message))
            }
            o.program = program
            o.source = SourceText(files: program.debug.files, reader: io.readFile)
        }
        return traceAndProfile(s, report: result.report, io: io, outcome: &o)
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

import Foundation
import Interpreter
import MSDA
import NPY

/// What `vrun msda fwd|bwd --variant vendor|baseline` ran: that design's forward, or its
/// training forward and backward, in the common shapes of `MSDAVariants`.
struct MsdaVariantOutcome {
    var design: MSDADesign
    var forward: MSDAVariantForward?
    var backward: MSDAVariantBackward?

    /// The pass the summary's cycles and ratios describe: the forward, or (bwd) the backward.
    var timing: MSDAPassTiming? { backward?.backward ?? forward?.timing }
}

/// `vrun msda fwd|bwd --variant vendor|baseline`: the comparator designs through `MSDAVariants`,
/// with the same outputs, checks and JSON fields as the xMSDA run (no plan, trace or profile:
/// a design may take several kernel launches; `launches` lists them).
enum MsdaVariantRun {
    static func execute(_ s: MsdaSettings, tensors: MSDATensors, dtype: MSDAForwardOptions.DType, machine: Machine, cores: Int,
                        io: CommandIO, progress: Bool, outcome o: inout MsdaOutcome) -> Result<Void, VrunFailure> {
        let settings = MSDARunSettings(dtype: dtype, machine: machine, cores: cores, threads: s.threads, checks: s.checks,
                                       maxGMBytes: s.maxGMBytes)
        let meter = VrunProgress(enabled: progress)
        meter.start("running msda \(s.pass.rawValue) --variant \(s.variant.rawValue) (\(o.inputLabel)) on \(cores) core\(cores == 1 ? "" : "s") of \(machine.name)...")
        let started = DispatchTime.now().uptimeNanoseconds
        var v = MsdaVariantOutcome(design: s.variant)
        do {
            if s.pass == .bwd {
                v.backward = try MSDAVariants.backward(s.variant, tensors: tensors, settings: settings)
            } else {
                v.forward = try MSDAVariants.forward(s.variant, tensors: tensors, mode: s.mode, settings: settings)
            }
        } catch {
            meter.finish("stopped by an error")
            return .failure(MsdaRun.problem(error.id, error.message, runtime: error.runtime))
        }
        o.hostSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        meter.finish("done in \(ReportFormat.fixed(o.hostSeconds ?? 0, 2)) s")
        o.variant = v
        let output = v.backward?.output ?? v.forward?.output ?? []
        let threads = s.threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let dir = s.outputDirectory {
            var t = tensors
            let type: NPYDType = dtype == .f16 ? .float16 : .float32
            t.storage = MSDAStorage(value: type, samplingLocations: type, attentionWeights: type)
            do {
                try t.write(output: output, to: dir)
                if let b = v.backward { try t.write(gradients: b.gradients, to: dir) }
            } catch { return .failure(MsdaRun.problem(error)) }
            let shape = tensors.shape
            var files = [("output", MSDATensors.FileName.output, shape.outputShape)]
            if v.backward != nil {
                files += [("grad_value", MSDATensors.FileName.gradValue, shape.valueShape),
                          ("grad_sampling_locations", MSDATensors.FileName.gradSamplingLocations, shape.samplingLocationsShape),
                          ("grad_attention_weights", MSDATensors.FileName.gradAttentionWeights, shape.attentionWeightsShape)]
            }
            for (name, file, dims) in files { o.outputs.append((name, MsdaRun.joined(dir, file), dims, dtype == .f16 ? "float16" : "float32")) }
        }
        if s.check {
            o.check = MsdaCheck.forward(ours: output, tensors: tensors, dtype: dtype, threads: threads)
            if let b = v.backward {
                o.gradChecks = dtype == .f16 ? MsdaCheck.backwardF16(ours: b.gradients, tensors: tensors, threads: threads)
                                             : MsdaCheck.backward(ours: b.gradients, tensors: tensors, threads: threads)
            }
        }
        return .success(())
    }

    /// The text summary of a comparator run.
    static func text(_ o: MsdaOutcome, _ v: MsdaVariantOutcome, machine m: Machine) -> String {
        var s = "\(MsdaOutput.heading(o))\n"
        s += RunSummary.line("design", v.design.title)
        if let b = v.backward {
            s += RunSummary.line("backward", passText(b.backward, m))
            s += RunSummary.line("forward", passText(b.forward, m) + " (training forward)")
            s += RunSummary.line("fwd + bwd", "\(ReportFormat.fixed(b.forward.microseconds + b.backward.microseconds, 2)) us")
        } else if let f = v.forward {
            s += RunSummary.line("forward", passText(f.timing, m))
        }
        if let t = v.timing {
            let r = t.ratios
            s += RunSummary.line("ratios", "vec \(ReportFormat.percent(r.vector))  scalar \(ReportFormat.percent(r.scalar))  "
                                 + "mte2 \(ReportFormat.percent(r.mte2))  mte3 \(ReportFormat.percent(r.mte3))  (busy / kernel cycles; launches weighted by kernel cycles)")
            for run in t.runs {
                s += RunSummary.line("launch", "\(run.name): \(ReportFormat.fixed(run.report.microseconds, 2)) us, \(Int(run.report.cycles)) cycles")
            }
        }
        if let h = o.hostSeconds { s += RunSummary.line("host total", "\(ReportFormat.fixed(h, 3)) s") }
        if let c = o.check { s += RunSummary.line("check", MsdaOutput.checkText(c)) }
        for c in o.gradChecks { s += RunSummary.line("check", MsdaOutput.checkText(c)) }
        for out in o.outputs { s += RunSummary.line("output", "\(out.tensor) -> \(out.path) (\(out.dtype) \(out.shape))") }
        return s
    }

    static func passText(_ t: MSDAPassTiming, _ m: Machine) -> String {
        "\(ReportFormat.fixed(t.microseconds, 2)) us, \(Int(t.cycles)) cycles at \(m.clockGHz) GHz, \(t.runs.count) launch\(t.runs.count == 1 ? "" : "es")"
    }

    /// The run fields of the JSON object, named as the xMSDA run names them (`MsdaOutput.json`).
    static func json(into j: inout JSONObject, _ v: MsdaVariantOutcome) {
        guard let t = v.timing else { return }
        let kernel = t.runs.reduce(0) { $0 + $1.report.kernelCycles }
        j["cycles"] = .number(t.cycles)
        j["kernel_cycles"] = .number(kernel)
        j["launch_cycles"] = .number(t.runs.reduce(0) { $0 + $1.report.launchCycles })
        if let b = v.backward {
            j["forward_time_us"] = .number(b.forward.microseconds)
            j["backward_time_us"] = .number(b.backward.microseconds)
            j["time_us"] = .number(b.forward.microseconds + b.backward.microseconds)
        } else {
            j["time_us"] = .number(t.microseconds)
        }
        j["cores"] = t.runs.first.map { .int($0.report.cores.count) } ?? .null
        let r = t.ratios
        j["vec_ratio"] = .number(r.vector)
        j["scalar_ratio"] = .number(r.scalar)
        j["mte2_ratio"] = .number(r.mte2)
        j["mte3_ratio"] = .number(r.mte3)
        j["instructions"] = .int(t.runs.reduce(0) { $0 + $1.report.instructions })
        j["simulator_seconds"] = .number(t.hostSeconds + (v.backward.map { $0.forward.hostSeconds } ?? 0))
        j["launches"] = .array(t.runs.map { run in
            .object([("name", .string(run.name)), ("cycles", .number(run.report.cycles)), ("time_us", .number(run.report.microseconds)),
                     ("kernel_cycles", .number(run.report.kernelCycles))])
        })
    }
}

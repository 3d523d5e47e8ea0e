import Foundation
import Interpreter
import MSDA

/// What `vrun msda` prints: a text summary (the `vrun KERNEL` summary lines plus the problem,
/// the plan, the check and the files) or one JSON object whose run fields are named and
/// computed exactly as `vrun --json` names them, so scripts read both commands the same way.
enum MsdaOutput {
    static func text(_ o: MsdaOutcome) -> String {
        if let v = o.variant, let m = o.machine { return MsdaVariantRun.text(o, v, machine: m) }
        guard let result = o.result, let m = o.machine else { return "" }
        var s = "\(heading(o))\n"
        // bwd: the summary is the backward kernel's; the training forward's time is a line of its own.
        s += RunSummary.text(o.backward?.report ?? result.report, machine: m.name, clockGHz: m.clockGHz)
        if let b = o.backward {
            s += RunSummary.line("forward", "\(ReportFormat.fixed(result.report.microseconds, 2)) us "
                                 + (b.plan.gather ? "(inference forward; the backward gathers the corners)" : "(training forward, stores the corners)"))
            s += RunSummary.line("fwd + bwd", "\(ReportFormat.fixed(b.microseconds, 2)) us")
        }
        if let h = o.hostSeconds {
            s += RunSummary.line("host total", "\(ReportFormat.fixed(h, 3)) s (host layouts, assembly and simulation)")
        }
        let plan = result.plan
        s += RunSummary.line("plan", "\(plan.queriesPerBlock) queries per block, \(plan.planeBuffers) plane buffer\(plan.planeBuffers == 1 ? "" : "s"), "
                             + "bands per level \(plan.bands.map(\.count))\(plan.fused ? ", fused fp16 pair gather" : "")")
        if let b = o.backward {
            s += RunSummary.line("bwd plan", "\(b.plan.queriesPerBlock) queries per block"
                                 + (b.plan.gather ? ", gathers the corners: \(b.plan.planeBuffers) plane buffer\(b.plan.planeBuffers == 1 ? "" : "s"), bands per level \(b.plan.bandCounts)" : ", stored corners"))
        }
        if !o.settings.switches.off.isEmpty {
            s += RunSummary.line("disabled", MSDASwitches.Name.allCases.filter { o.settings.switches.off.contains($0) }.map(\.title).joined(separator: ", "))
        }
        if let c = o.check { s += RunSummary.line("check", checkText(c)) }
        for c in o.gradChecks { s += RunSummary.line("check", checkText(c)) }
        for out in o.outputs {
            s += RunSummary.line("output", "\(out.tensor) -> \(out.path) (\(out.dtype) \(out.shape))")
        }
        if let path = o.tracePath, let t = o.traceStats {
            var line = "\(path): \(t.slices) slices, \(t.flows) flag arrows"
            if t.dropped > 0 { line += ", \(t.dropped) events left out" }
            s += RunSummary.line("trace", line + " (open in ui.perfetto.dev)")
        }
        if let p = o.profile, let program = o.program, let src = o.source {
            s += "\n" + p.text(program: program, source: src, cores: result.report.cores.count)
        }
        return s
    }

    /// `vrun msda fwd: workload small [bs=2 levels=[12x10,6x5,3x3] S=159 Q=50 M=4 D=16 P=4], f32, infer`
    static func heading(_ o: MsdaOutcome) -> String {
        var s = "\(MsdaRun.prefix) \(o.settings.pass.rawValue): \(o.inputLabel)"
        if let shape = o.shape { s += " [\(shape)]" }
        if let d = o.dtype { s += ", \(d.rawValue)" }
        // The xMSDA backward's forward: the training one, unless the backward gathers the corners
        // (the other designs' backwards recompute what they need).
        if o.settings.pass == .bwd {
            if o.settings.variant != .xmsda { return s + ", \(o.settings.variant.rawValue) backward" }
            return s + (o.settings.corners == .gather ? ", corners gathered (inference forward)" : ", corners stored (training forward)")
        }
        return s + ", \(o.settings.mode.rawValue)"
    }

    static func checkText(_ c: MsdaCheck) -> String {
        let verdict = c.ok ? "ok" : "FAILED"
        if c.rule == MsdaCheck.fp32Rule {
            return "\(c.tensor): max |ours - ref| \(sci(c.maxAbsError)) \(c.ok ? "<=" : ">") limit \(sci(c.limit)) (\(c.rule)): \(verdict)"
        }
        return "\(c.tensor): max |ours - ref| \(sci(c.maxAbsError)), worst error/bound \(ReportFormat.fixed(c.worstRatio, 3)) "
            + "\(c.ok ? "<=" : ">") 1 (fp16 per-element bound, docs/MSDA-forward.md; largest bound \(sci(c.limit))): \(verdict)"
    }

    static func sci(_ d: Double) -> String { d.isFinite ? String(format: "%.3g", d) : "\(d)" }

    static func json(_ o: MsdaOutcome) -> JSONValue {
        var j = JSONObject()
        let r = o.backward?.report ?? o.result?.report
        j["command"] = .string("msda \(o.settings.pass.rawValue)")
        j["variant"] = .string(o.settings.variant.rawValue)
        j["disabled"] = .array(MSDASwitches.Name.allCases.filter { o.settings.switches.off.contains($0) }.map { .string($0.rawValue) })
        j["workload"] = .string(o.settings.workload)
        j["input"] = .string(o.settings.inputDirectory)
        j["shape"] = o.shape.map(shape) ?? .null
        j["dtype"] = .string(o.dtype?.rawValue)
        // bwd runs the training forward (stored corners) or, with --corners gather, the inference
        // forward, whatever --mode says.
        j["mode"] = .string(o.backward.map { $0.plan.gather ? "infer" : "train" } ?? (o.variant?.backward != nil ? "train" : o.settings.mode.rawValue))
        j["machine"] = .string(o.machine?.name)
        j["clock_ghz"] = .number(o.machine?.clockGHz)
        j["cycles"] = .number(r?.cycles)
        j["kernel_cycles"] = .number(r?.kernelCycles)
        j["launch_cycles"] = .number(r?.launchCycles)
        if o.settings.pass == .bwd {
            j["forward_time_us"] = .number(o.backward?.forward.report.microseconds)
            j["backward_time_us"] = .number(o.backward?.report.microseconds)
            j["time_us"] = .number(o.backward?.microseconds)
        } else {
            j["time_us"] = .number(r?.microseconds)
        }
        j["cores"] = r.map { .int($0.cores.count) } ?? .null
        j["vec_ratio"] = .number(r?.ratios.vector)
        j["scalar_ratio"] = .number(r?.ratios.scalar)
        j["mte2_ratio"] = .number(r?.ratios.mte2)
        j["mte3_ratio"] = .number(r?.ratios.mte3)
        j["busy"] = r.map { VrunOutput.busy($0.busy) } ?? .null
        j["instructions"] = r.map { .int($0.instructions) } ?? .null
        j["host_seconds"] = .number(o.hostSeconds)
        j["simulator_seconds"] = .number(r.map { $0.functionalSeconds + $0.timingSeconds })
        j["threads"] = o.settings.threads.map { .int($0) } ?? .null
        j["plan"] = o.result.map { res in
            .object([("queries_per_block", .int(res.plan.queriesPerBlock)), ("plane_buffers", .int(res.plan.planeBuffers)),
                     ("bands", .array(res.plan.bands.map { .int($0.count) })), ("fused", .bool(res.plan.fused)),
                     ("prune_threshold", res.plan.prune ? .number(Double(o.settings.pruneThreshold ?? 0)) : .null),
                     ("bilinear3", .bool(res.plan.threeMultiplyBilinear))])
        } ?? .null
        if let b = o.backward {
            j["backward_plan"] = .object([("queries_per_block", .int(b.plan.queriesPerBlock)), ("corners", .string(b.plan.gather ? "gather" : "stored")),
                                          ("plane_buffers", .int(b.plan.planeBuffers)), ("bands", .array(b.plan.bandCounts.map { .int($0) }))])
        }
        let checks = [o.check].compactMap { $0 } + o.gradChecks
        j["check"] = checks.isEmpty ? .null : .object(checks.map { ($0.tensor, check($0)) })
        j["outputs"] = .array(o.outputs.map { out in
            .object([("tensor", .string(out.tensor)), ("file", .string(out.path)), ("dtype", .string(out.dtype)),
                      ("shape", .array(out.shape.map { .int($0) }))])
        })
        if let path = o.tracePath, let t = o.traceStats {
            j["trace"] = .object([("file", .string(path)), ("slices", .int(t.slices)), ("flows", .int(t.flows)), ("dropped", .int(t.dropped))])
        } else {
            j["trace"] = .null
        }
        if let p = o.profile, let program = o.program, let src = o.source {
            j["profile"] = VrunOutput.profile(p, program: program, source: src)
        }
        j["errors"] = .array(o.problems.map(VrunOutput.error))
        if let v = o.variant { MsdaVariantRun.json(into: &j, v) }
        return j.value
    }

    static func shape(_ s: MSDAShape) -> JSONValue {
        .object([("bs", .int(s.batch)), ("levels", .array(s.levels.map { .array([.int($0.height), .int($0.width)]) })),
                 ("S", .int(s.keys)), ("Q", .int(s.queries)), ("M", .int(s.heads)), ("D", .int(s.channels)), ("P", .int(s.points))])
    }

    static func check(_ c: MsdaCheck) -> JSONValue {
        .object([("max_abs_error", .number(c.maxAbsError.isFinite ? c.maxAbsError : nil)), ("limit", .number(c.limit)),
                 ("ok", .bool(c.ok)), ("worst_ratio", .number(c.worstRatio.isFinite ? c.worstRatio : nil)), ("rule", .string(c.rule))])
    }
}

import ISA
import Interpreter

/// What `vrun` reports after a run, as text (the default) or as one JSON object (`--json`).
/// The JSON field names follow the product contract (`cycles`, `time_us`, `cores`, the four
/// msprof ratios, `host_seconds`, `errors`), the ratios keep msprof's meaning (busy cycles /
/// kernel cycles, the mean over cores), and fields come in a fixed order.
struct VrunOutcome {
    var kernel: String
    var machine: Machine?
    var report: RunReport?
    var program: Program?
    var source: SourceText?
    var threads: Int?
    /// `--out` files written: parameter, path, layout.
    var outputs: [(name: String, path: String, layout: VrunLayout)] = []
    var tracePath: String?
    var traceStats: TraceStats?
    var profile: LineProfile?
    var problems: [VrunProblem] = []
}

enum VrunOutput {
    /// The text summary: `RunSummary` plus where the trace and outputs went, and the profile.
    static func text(_ o: VrunOutcome) -> String {
        guard let r = o.report, let m = o.machine else { return "" }
        var s = "vrun: \(o.kernel)\n"
        s += RunSummary.text(r, machine: m.name, clockGHz: m.clockGHz)
        for out in o.outputs {
            s += RunSummary.line("output", "\(out.name) -> \(out.path) (\(out.layout.dtype.map(\.description) ?? "?") \(out.layout.shape))")
        }
        if let path = o.tracePath, let t = o.traceStats {
            var line = "\(path): \(t.slices) slices, \(t.flows) flag arrows"
            if t.dropped > 0 { line += ", \(t.dropped) events left out" }
            s += RunSummary.line("trace", line + " (open in ui.perfetto.dev)")
        }
        if let p = o.profile, let program = o.program, let src = o.source {
            s += "\n" + p.text(program: program, source: src, cores: r.cores.count)
        }
        return s
    }

    /// The `--json` object. On failure the run's fields are null and `errors` says why.
    static func json(_ o: VrunOutcome) -> JSONValue {
        var j = JSONObject()
        let r = o.report
        j["kernel"] = .string(o.kernel)
        j["machine"] = .string(o.machine?.name)
        j["clock_ghz"] = .number(o.machine?.clockGHz)
        j["cycles"] = .number(r?.cycles)
        j["kernel_cycles"] = .number(r?.kernelCycles)
        j["launch_cycles"] = .number(r?.launchCycles)
        j["time_us"] = .number(r?.microseconds)
        j["cores"] = r.map { .int($0.cores.count) } ?? .null
        j["vec_ratio"] = .number(r?.ratios.vector)
        j["scalar_ratio"] = .number(r?.ratios.scalar)
        j["mte2_ratio"] = .number(r?.ratios.mte2)
        j["mte3_ratio"] = .number(r?.ratios.mte3)
        j["busy"] = r.map { busy($0.busy) } ?? .null
        j["instructions"] = r.map { .int($0.instructions) } ?? .null
        j["opcode_counts"] = r.map { report in
            .object(report.opcodeCounts.keys.sorted().map { ($0, .int(report.opcodeCounts[$0] ?? 0)) })
        } ?? .null
        j["per_core"] = r.map { report in
            .array(report.cores.enumerated().map { i, c in
                .object([("core", .int(i)), ("cycles", .number(c.cycles)), ("instructions", .int(c.instructions)),
                         ("vec_ratio", .number(c.ratios.vector)), ("scalar_ratio", .number(c.ratios.scalar)),
                         ("mte2_ratio", .number(c.ratios.mte2)), ("mte3_ratio", .number(c.ratios.mte3)),
                         ("busy", busy(c.busy))])
            })
        } ?? .null
        j["outputs"] = .array(o.outputs.map { out in
            .object([("name", .string(out.name)), ("file", .string(out.path)),
                      ("dtype", .string(out.layout.dtype?.description)), ("shape", .array(out.layout.shape.map { .int($0) }))])
        })
        if let path = o.tracePath {
            let t = o.traceStats
            j["trace"] = .object([("file", .string(path)), ("slices", t.map { .int($0.slices) } ?? .null),
                                  ("flows", t.map { .int($0.flows) } ?? .null), ("dropped", t.map { .int($0.dropped) } ?? .null)])
        } else {
            j["trace"] = .null
        }
        if let p = o.profile, let program = o.program, let src = o.source {
            j["profile"] = profile(p, program: program, source: src)
        }
        j["threads"] = o.threads.map { .int($0) } ?? .null
        j["host_seconds"] = .number(r.map { $0.functionalSeconds + $0.timingSeconds })
        j["functional_seconds"] = .number(r?.functionalSeconds)
        j["timing_seconds"] = .number(r?.timingSeconds)
        j["errors"] = .array(o.problems.map(error))
        return j.value
    }

    /// Busy cycles per pipe, named like the ratios.
    static func busy(_ b: PipeBusy) -> JSONValue {
        .object([("vec", .number(b.vector)), ("scalar", .number(b.scalar)), ("mte2", .number(b.mte2)), ("mte3", .number(b.mte3))])
    }

    /// One entry of `errors`: id, message, location, and a runtime error's core, pipe, pc, cycle.
    static func error(_ p: VrunProblem) -> JSONValue {
        var j = JSONObject()
        j["id"] = .string(p.id)
        j["message"] = .string(p.message)
        j["location"] = .string(p.location)
        if let e = p.runtime {
            j["core"] = e.core.map { .int($0) } ?? .null
            j["pipe"] = .string(e.pipe?.name)
            j["pc"] = e.pc.map { .int($0) } ?? .null
            j["cycle"] = .number(e.cycle)
            j["addresses"] = .array(e.addresses.map { .int($0) })
            j["notes"] = .array(e.notes.map { .string($0) })
        }
        return j.value
    }

    /// The line profile as an array, hottest first.
    static func profile(_ p: LineProfile, program: Program, source: SourceText) -> JSONValue {
        .array(p.entries.map { e in
            var j = JSONObject()
            j["location"] = .string(e.location)
            j["source"] = .string(e.file.flatMap { source.line(file: $0, line: e.line) })
            j["cycles"] = .number(e.total)
            j["vec"] = .number(e.cycles.vector)
            j["mte2"] = .number(e.cycles.mte2)
            j["mte3"] = .number(e.cycles.mte3)
            j["scalar"] = .number(e.cycles.scalar)
            j["count"] = .int(e.count)
            return j.value
        })
    }
}

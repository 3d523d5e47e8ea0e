import ISA

/// Writes a run's timeline in the Chrome Trace Event format, which Perfetto (ui.perfetto.dev)
/// and chrome://tracing load: one process per core ("core N", pid = N), one thread per pipe
/// (tid 0 S, 1 V, 2 MTE2, 3 MTE3), like the lanes of Huawei's CAModel `trace.json`.
///
/// - Every recorded pipe instruction is a complete event (`"ph":"X"`) named by its mnemonic and
///   type suffix (`vadd.f32`), with `ts`/`dur` in microseconds at the machine's clock and `args`
///   holding the pc, the source `file:line:col`, the source line's text and the cycles.
/// - Every flag a wait consumed is a flow arrow (`"ph":"s"` on the set_flag's slice, `"ph":"f"`
///   with `"bp":"e"` on the wait_flag's slice, the same `id`).
/// - `sync_all` is an instant event (`"ph":"i"`, process scope) at the cycle the barrier released
///   the core, plus a complete event spanning the core's wait at the barrier.
///
/// The output is streamed: `sink` receives chunks of about 64 KB of UTF-8, so a trace of
/// millions of events never exists as one string. The timeline exists only when the run had
/// `RunOptions.recordTimeline`; without it the trace holds just the metadata.
public enum ChromeTrace {
    /// Thread ids of the pipe lanes (the `Pipe` raw values).
    public static func tid(_ p: Pipe) -> Int { Int(p.rawValue) }

    /// Writes the whole trace through `sink`. Returns what was written.
    public static func write(report: RunReport, program: Program, clockGHz: Double, filter: TraceFilter = TraceFilter(),
                             source: SourceText, sink: @escaping ([UInt8]) -> Void) -> TraceStats {
        let out = TraceByteStream(sink: sink)
        let time = TraceTime(clockGHz: clockGHz)
        let names = program.instructions.map { i in (i.spec?.mnemonic ?? "\(i.opcode)") + i.suffix.description }
        let syncAll = program.instructions.map { $0.spec?.mnemonic == "sync_all" }
        let isSetFlag = program.instructions.map { $0.spec?.mnemonic == "set_flag" }
        var stats = TraceStats()

        // Which events pass the filters, and where the event cap cuts (in cycles).
        let keptSlices = report.timeline.indices.filter { i in
            let e = report.timeline[i]
            return filter.includes(core: e.core) && filter.overlaps(e.start, e.end)
        }
        let setSlices = SetSliceIndex(report.timeline, isSetFlag: isSetFlag)
        var flowCandidates: [(edge: FlagEdge, setTime: Double)] = []
        for edge in report.flagEdges where filter.includes(core: edge.core) {
            let s = setSlices.sliceStart(core: edge.core, pipe: edge.src, pc: edge.setPC, atOrBefore: edge.setTime) ?? edge.setTime
            if filter.contains(s), filter.contains(edge.waitTime) { flowCandidates.append((edge, s)) }
        }
        // Slices count once, except sync_all (a wait slice and an instant).
        let sliceEvents = keptSlices.reduce(0) { $0 + (isSync(report.timeline[$1].pc, syncAll) ? 2 : 1) }
        let wanted = sliceEvents + 2 * flowCandidates.count
        let maxEvents = max(0, filter.maxEvents)
        var cutoff = Double.infinity
        var sliceBudget = keptSlices.count
        if wanted > maxEvents {
            // Keep the same share of slices as of all events, earliest first; flows only inside.
            sliceBudget = Int(Double(keptSlices.count) * Double(maxEvents) / Double(wanted))
            if sliceBudget < keptSlices.count { cutoff = report.timeline[keptSlices[sliceBudget]].start }
        }

        out.append("{\"traceEvents\":[\n")
        var first = true
        func begin() {
            if first { first = false } else { out.append(",\n") }
        }

        for c in report.cores.indices where filter.includes(core: c) {
            begin(); out.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":\(c),\"tid\":0,\"args\":{\"name\":\"core \(c)\"}}")
            begin(); out.append("{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":\(c),\"tid\":0,\"args\":{\"sort_index\":\(c)}}")
            for p in Pipe.allCases {
                begin(); out.append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":\(c),\"tid\":\(tid(p)),\"args\":{\"name\":\"\(p.name)\"}}")
                begin(); out.append("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":\(c),\"tid\":\(tid(p)),\"args\":{\"sort_index\":\(tid(p))}}")
            }
        }

        var budget = maxEvents
        for (k, i) in keptSlices.enumerated() {
            let e = report.timeline[i]
            let sync = isSync(e.pc, syncAll)
            let cost = sync ? 2 : 1
            guard k < sliceBudget, budget >= cost else { stats.dropped += cost; continue }
            budget -= cost
            let name = e.pc >= 0 && e.pc < names.count ? names[e.pc] : "pc \(e.pc)"
            begin()
            out.append("{\"name\":")
            out.appendQuoted(name)
            out.append(",\"cat\":\"\(e.pipe.name)\",\"ph\":\"X\",\"pid\":\(e.core),\"tid\":\(tid(e.pipe)),\"ts\":")
            let ts = time.units(e.start), te = time.units(e.end)
            out.append(time.text(ts))
            out.append(",\"dur\":")
            out.append(time.text(max(0, te - ts)))
            out.append(",\"args\":")
            appendArgs(out, program: program, source: source, pc: e.pc)
            out.append(",\"start_cycle\":")
            out.append(JSONText.number(e.start))
            out.append(",\"end_cycle\":")
            out.append(JSONText.number(e.end))
            out.append("}}")
            stats.slices += 1
            if sync {
                begin()
                out.append("{\"name\":\"sync_all\",\"cat\":\"sync\",\"ph\":\"i\",\"s\":\"p\",\"pid\":\(e.core),\"tid\":\(tid(e.pipe)),\"ts\":")
                out.append(time.text(te))
                out.append(",\"args\":")
                appendArgs(out, program: program, source: source, pc: e.pc)
                out.append(",\"arrival_cycle\":")
                out.append(JSONText.number(e.start))
                out.append(",\"release_cycle\":")
                out.append(JSONText.number(e.end))
                out.append("}}")
                stats.slices += 1
            }
        }

        var flowID = 0
        for (edge, setStart) in flowCandidates {
            guard setStart < cutoff, edge.waitTime < cutoff, budget >= 2 else { stats.dropped += 2; continue }
            budget -= 2
            flowID += 1
            let name = JSONText.quoted("flag \(edge.src.name)->\(edge.dst.name) #\(edge.id)")
            begin()
            out.append("{\"name\":\(name),\"cat\":\"flag\",\"ph\":\"s\",\"id\":\(flowID),\"pid\":\(edge.core),\"tid\":\(tid(edge.src)),\"ts\":")
            out.append(time.text(time.units(setStart)))
            out.append(",\"args\":{\"set_pc\":\(edge.setPC),\"fired_cycle\":")
            out.append(JSONText.number(edge.setTime))
            out.append("}}")
            begin()
            out.append("{\"name\":\(name),\"cat\":\"flag\",\"ph\":\"f\",\"bp\":\"e\",\"id\":\(flowID),\"pid\":\(edge.core),\"tid\":\(tid(edge.dst)),\"ts\":")
            out.append(time.text(time.units(edge.waitTime)))
            out.append(",\"args\":{\"wait_pc\":\(edge.waitPC)}}")
            stats.flows += 1
        }
        out.append("\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock_ghz\":")
        out.append(JSONText.number(clockGHz))
        out.append(",\"cores\":\(report.cores.count),\"cycles\":")
        out.append(JSONText.number(report.cycles))
        out.append(",\"kernel_cycles\":")
        out.append(JSONText.number(report.kernelCycles))
        out.append(",\"dropped_events\":\(stats.dropped)}}\n")
        out.flush()
        stats.bytes = out.written
        return stats
    }

    private static func isSync(_ pc: Int, _ syncAll: [Bool]) -> Bool { pc >= 0 && pc < syncAll.count && syncAll[pc] }

    /// `{"pc":N,"loc":"file:line:col","src":"text"` (left open for more fields).
    private static func appendArgs(_ out: TraceByteStream, program: Program, source: SourceText, pc: Int) {
        out.append("{\"pc\":\(pc),\"loc\":")
        out.appendQuoted(program.debug.describe(pc: pc))
        if let text = source.line(of: program, pc: pc) {
            out.append(",\"src\":")
            out.appendQuoted(text)
        }
    }
}

/// Trace timestamps: microseconds at the machine clock, rounded to whole picoseconds so they are
/// short and so that back-to-back slices stay exactly back to back (start and end are rounded
/// the same way and `dur` is their difference).
struct TraceTime {
    /// Picoseconds per cycle.
    let scale: Double

    init(clockGHz: Double) { scale = clockGHz > 0 && clockGHz.isFinite ? 1000 / clockGHz : 1000 }

    /// Cycles to whole picoseconds.
    func units(_ cycles: Double) -> Int64 {
        let v = (cycles * scale).rounded()
        guard v.isFinite else { return 0 }
        return Int64(max(-9e18, min(9e18, v)))
    }

    /// Picoseconds as microseconds text, e.g. `12.5`, `0.000556`.
    func text(_ ps: Int64) -> String {
        let sign = ps < 0 ? "-" : ""
        let m = ps.magnitude
        let whole = m / 1_000_000, frac = m % 1_000_000
        if frac == 0 { return sign + String(whole) }
        var f = String(frac)
        f = String(repeating: "0", count: 6 - f.count) + f
        while f.last == "0" { f.removeLast() }
        return sign + String(whole) + "." + f
    }
}

/// Start times of the set_flag slices, by core, pipe and pc, to anchor each flow arrow on the
/// slice of the set_flag that fired it (a flag fires at the end of its slice or later, when the
/// pipe's earlier work completes; trace viewers attach an arrow only to a slice containing it).
struct SetSliceIndex {
    private var starts: [Key: [Double]] = [:]
    struct Key: Hashable { var core: Int, pipe: Pipe, pc: Int }

    init(_ timeline: [TimelineEvent], isSetFlag: [Bool]) {
        for e in timeline where e.pc >= 0 && e.pc < isSetFlag.count && isSetFlag[e.pc] {
            starts[Key(core: e.core, pipe: e.pipe, pc: e.pc), default: []].append(e.start)
        }
        for k in starts.keys { starts[k]!.sort() }
    }

    /// The latest start of a slice of (core, pipe, pc) at or before `t`.
    func sliceStart(core: Int, pipe: Pipe, pc: Int, atOrBefore t: Double) -> Double? {
        guard let list = starts[Key(core: core, pipe: pipe, pc: pc)] else { return nil }
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? list[lo - 1] : nil
    }
}

/// A UTF-8 buffer handed to a sink in chunks of about 64 KB.
final class TraceByteStream {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Void
    private(set) var written = 0
    private static let chunk = 1 << 16

    init(sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(TraceByteStream.chunk + 4096)
    }

    func append(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= TraceByteStream.chunk { flush() }
    }

    func appendQuoted(_ s: String) {
        JSONText.appendQuoted(s, to: &buffer)
        if buffer.count >= TraceByteStream.chunk { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        written += buffer.count
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

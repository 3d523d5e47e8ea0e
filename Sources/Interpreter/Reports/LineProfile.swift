import ISA

/// Where the pipes spent their time, by source line: the recorded timeline's busy cycles summed
/// over every core, one row per source line with a column per pipe, hottest line first. This is
/// the view a kernel engineer wants first ("which line is the V pipe stuck on?"), which neither
/// the per-pipe ratios nor a trace give directly.
///
/// Built from `RunReport.timeline` (V, MTE2, MTE3: every instruction's busy time; S: the scalar
/// unit's time in set_flag, wait_flag, pipe_barrier(ALL) and sync_all, waits included) and
/// `RunReport.scalarCyclesByPC` (S: the scalar unit's own cycles for every instruction), so the
/// run needs `RunOptions.recordTimeline`.
public struct LineProfile: Sendable, Equatable {
    /// One source line (or one pc, for a program without debug information).
    public struct Entry: Sendable, Equatable {
        /// Index into the program's `debug.files`; nil without debug information.
        public var file: Int?
        /// 1-based source line; without debug information, the pc.
        public var line: Int
        /// `file:line`, or `pc N`.
        public var location: String
        /// The first instruction of the line (lowest pc), for its mnemonic or text.
        public var firstPC: Int
        /// Busy cycles on each pipe, summed over cores.
        public var cycles: PipeBusy
        /// Timeline slices (executed pipe instructions) on this line.
        public var count: Int

        public var total: Double { Pipe.allCases.reduce(0) { $0 + cycles[$1] } }
    }

    /// Hottest first (ties by file, then line).
    public var entries: [Entry]
    /// Sum of all entries, per pipe.
    public var total: PipeBusy

    public init(entries: [Entry], total: PipeBusy) {
        self.entries = entries
        self.total = total
    }

    /// Groups the report's timeline by the source line of each slice's pc.
    public static func build(report: RunReport, program: Program) -> LineProfile {
        struct Key: Hashable { var file: Int?, line: Int }
        let locations = program.debug.locations
        var rows: [Key: Entry] = [:]
        var total = PipeBusy()
        // S: the timeline's S slices (waits at set_flag, wait_flag, pipe_barrier(ALL), sync_all)
        // plus the scalar unit's own cycles per pc.
        var events = report.timeline
        for (pc, c) in report.scalarCyclesByPC.enumerated() where c > 0 {
            events.append(TimelineEvent(core: 0, pipe: .s, pc: pc, start: 0, end: c))
        }
        for e in events {
            let key: Key
            let location: String
            if e.pc >= 0, e.pc < locations.count {
                let l = locations[e.pc]
                key = Key(file: Int(l.file), line: Int(l.line))
                let f = Int(l.file) < program.debug.files.count ? program.debug.files[Int(l.file)] : "?"
                location = "\(f):\(l.line)"
            } else {
                key = Key(file: nil, line: e.pc)
                location = "pc \(e.pc)"
            }
            let d = max(0, e.end - e.start)
            var row = rows[key] ?? Entry(file: key.file, line: key.line, location: location, firstPC: e.pc, cycles: PipeBusy(), count: 0)
            row.cycles[e.pipe] += d
            row.count += 1
            row.firstPC = min(row.firstPC, e.pc)
            rows[key] = row
            total[e.pipe] += d
        }
        let sorted = rows.values.sorted { a, b in
            if a.total != b.total { return a.total > b.total }
            if a.file != b.file { return (a.file ?? -1) < (b.file ?? -1) }
            return a.line < b.line
        }
        return LineProfile(entries: sorted, total: total)
    }

    /// A table of the `limit` hottest lines with their source text, and a line for the rest.
    public func text(program: Program, source: SourceText, cores: Int, limit: Int = 40) -> String {
        let limit = max(0, limit)
        let grand = Pipe.allCases.reduce(0) { $0 + total[$1] }
        var s = "profile: busy cycles per source line and pipe, summed over \(cores) core\(cores == 1 ? "" : "s"), hottest first\n"
        if entries.isEmpty { return s + "  (no timeline recorded)\n" }
        let widths = [12, 7, 11, 11, 11, 11, 8]
        let head = ["total", "share", "V", "MTE2", "MTE3", "S", "count"]
        s += "  " + zip(head, widths).map { ReportFormat.right($0, $1) }.joined() + "  line\n"
        for e in entries.prefix(limit) {
            let share = grand > 0 ? e.total / grand : 0
            let cols = [ReportFormat.cycles(e.total), ReportFormat.percent(share), ReportFormat.cycles(e.cycles.vector),
                        ReportFormat.cycles(e.cycles.mte2), ReportFormat.cycles(e.cycles.mte3), ReportFormat.cycles(e.cycles.scalar),
                        String(e.count)]
            var text: String?
            if let f = e.file { text = source.line(file: f, line: e.line) }
            if text == nil, e.firstPC >= 0, e.firstPC < program.instructions.count {
                let i = program.instructions[e.firstPC]
                text = (i.spec?.mnemonic ?? "\(i.opcode)") + i.suffix.description
            }
            s += "  " + zip(cols, widths).map { ReportFormat.right($0, $1) }.joined() + "  " + e.location
            if let text { s += "  " + text }
            s += "\n"
        }
        if entries.count > limit {
            let rest = entries.dropFirst(limit).reduce(0) { $0 + $1.total }
            s += "  ... \(entries.count - limit) more line\(entries.count - limit == 1 ? "" : "s") with \(ReportFormat.cycles(rest)) cycles\n"
        }
        s += "  S: the scalar unit's own cycles per instruction, plus its waits at wait_flag, pipe_barrier(ALL) and sync_all.\n"
        return s
    }
}

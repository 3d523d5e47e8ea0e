/// The short human summary `vrun` prints after a run: total and kernel cycles, time at the
/// machine clock, the four msprof PipeUtilization ratios, instruction counts and host time.
/// The command adds its own lines (where the trace and the outputs went) after these.
public enum RunSummary {
    /// Mnemonics listed by name in the instruction line; the rest are summed as "others".
    public static let listedOpcodes = 8

    /// - Parameters:
    ///   - machine: the machine's name, e.g. `910b2c`.
    ///   - clockGHz: its clock, for the time line.
    public static func text(_ r: RunReport, machine: String, clockGHz: Double) -> String {
        let coreCount = r.cores.count
        var s = ""
        s += line("cycles", "\(ReportFormat.cycles(r.cycles)) (\(ReportFormat.cycles(r.launchCycles)) launch + \(ReportFormat.cycles(r.kernelCycles)) kernel)")
        s += line("time", "\(ReportFormat.fixed(r.microseconds, 3)) us at \(ReportFormat.fixed(clockGHz, 3)) GHz")
        s += line("cores", "\(coreCount) of machine \(machine)")
        s += line("ratios", "vec \(ReportFormat.percent(r.ratios.vector))  scalar \(ReportFormat.percent(r.ratios.scalar))  "
                  + "mte2 \(ReportFormat.percent(r.ratios.mte2))  mte3 \(ReportFormat.percent(r.ratios.mte3))  "
                  + "(busy / kernel cycles, mean over cores)")
        if coreCount > 1, let slowest = r.cores.indices.max(by: { r.cores[$0].cycles < r.cores[$1].cycles }),
           let fastest = r.cores.indices.min(by: { r.cores[$0].cycles < r.cores[$1].cycles }) {
            s += line("balance", "slowest core \(slowest) \(ReportFormat.cycles(r.cores[slowest].cycles)) cycles, "
                      + "fastest core \(fastest) \(ReportFormat.cycles(r.cores[fastest].cycles))")
        }
        let ops = r.opcodeCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = ops.prefix(listedOpcodes).map { "\($0.key) \($0.value)" }
        if ops.count > listedOpcodes {
            parts.append("others \(ops.dropFirst(listedOpcodes).reduce(0) { $0 + $1.value })")
        }
        s += line("instructions", "\(r.instructions)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
        s += line("host", "\(ReportFormat.fixed(r.functionalSeconds + r.timingSeconds, 3)) s "
                  + "(functional \(ReportFormat.fixed(r.functionalSeconds, 3)) s, timing \(ReportFormat.fixed(r.timingSeconds, 3)) s)")
        return s
    }

    /// `label` padded to a column, the value, a newline.
    public static func line(_ label: String, _ value: String) -> String {
        ReportFormat.left(label, 13) + value + "\n"
    }
}

import ISA
import Interpreter

/// Report glue shared by `vrun KERNEL` and `vrun msda`: writing a Chrome trace to a file with
/// the same warning when the event cap cuts it.
enum MsdaShared {
    /// Streams the trace of `report` to `path`; warns on `warn` when events were left out.
    static func writeTrace(path: String, report: RunReport, program: Program, machine: Machine, filter: TraceFilter,
                           source: SourceText, warn: (String) -> Void) -> Result<TraceStats, VrunFailure> {
        let file = VrunTraceFile(path: path)
        let stats = ChromeTrace.write(report: report, program: program, clockGHz: machine.clockGHz, filter: filter,
                                      source: source, sink: { file.write($0) })
        if let message = file.close() {
            return .failure(.problem(VrunProblem(id: "vrun.write", message: message, location: path)))
        }
        if stats.dropped > 0 {
            warn("vrun: warning: the trace holds the first \(stats.events) of \(stats.events + stats.dropped) events "
                 + "(limit \(filter.maxEvents)); narrow it with --trace-cores LIST (e.g. 0) or --trace-window START:END (cycles)\n")
        }
        return .success(stats)
    }
}

import Foundation
import ISA
@testable import Interpreter

/// Hand-made programs and reports for the report writers: every number is chosen here, so the
/// expected trace, profile and summary follow from the inputs, not from a run.
enum ReportFixture {
    /// Five instructions on lines 2...6 of `k.asm`, whose text is `source`.
    static let source = "; header\ncopy_gm_ub_pad b, r1, 1, 64, 0, 0\r\nset_flag MTE2, V, 0\n  wait_flag MTE2, V, 0  \nvadd.f32 b, b, b, 16\nsync_all\n"

    static var program: Program {
        let ops = ["copy_gm_ub_pad", "set_flag", "wait_flag", "vadd", "sync_all"]
        let instructions = ops.map { m in
            Instruction(OpcodeTable.spec(mnemonic: m)!.opcode, suffix: m == "vadd" ? .single(.f32) : .none, [])
        }
        let locations = (0..<5).map { SourceLocation(file: 0, line: UInt32($0 + 2), column: 1) }
        return Program(instructions: instructions, debug: DebugInfo(files: ["k.asm"], locations: locations))
    }

    static func sourceText() -> SourceText {
        SourceText(files: ["k.asm"]) { $0 == "k.asm" ? Array(source.utf8) : nil }
    }

    /// Two cores; core c's events are offset by 10 x c cycles.
    static func report(cores: Int = 2) -> RunReport {
        var timeline: [TimelineEvent] = []
        var edges: [FlagEdge] = []
        for c in 0..<cores {
            let o = Double(10 * c)
            timeline += [
                TimelineEvent(core: c, pipe: .mte2, pc: 0, start: o, end: o + 100),
                TimelineEvent(core: c, pipe: .mte2, pc: 1, start: o + 100, end: o + 101),
                TimelineEvent(core: c, pipe: .v, pc: 2, start: o + 101, end: o + 102),
                TimelineEvent(core: c, pipe: .v, pc: 3, start: o + 102, end: o + 142),
                TimelineEvent(core: c, pipe: .s, pc: 4, start: o + 142, end: 800),
            ]
            edges.append(FlagEdge(core: c, src: .mte2, dst: .v, id: 0, setPC: 1, waitPC: 2, setTime: o + 101, waitTime: o + 101))
        }
        timeline.sort { ($0.start, $0.core) < ($1.start, $1.core) }
        let profile = CoreProfile(cycles: 800, busy: PipeBusy(), ratios: PipeBusy(), instructions: 5)
        var ratios = PipeBusy()
        ratios.vector = 41.0 / 800
        ratios.mte2 = 101.0 / 800
        return RunReport(cycles: 1800 + 800, kernelCycles: 800, microseconds: 2600 / 1800, launchCycles: 1800,
                         cores: Array(repeating: profile, count: cores), busy: PipeBusy(), ratios: ratios,
                         opcodeCounts: ["copy_gm_ub_pad": cores, "vadd": cores], instructions: 5 * cores,
                         timeline: timeline, flagEdges: edges, outputs: [:], bindings: [],
                         functionalSeconds: 0.25, timingSeconds: 0.5)
    }

    /// The trace as one string, and how often the sink was called.
    static func trace(_ report: RunReport, filter: TraceFilter = TraceFilter(), clockGHz: Double = 1.8) -> (text: String, stats: TraceStats, chunks: Int) {
        var bytes: [UInt8] = []
        var chunks = 0
        let stats = ChromeTrace.write(report: report, program: program, clockGHz: clockGHz, filter: filter, source: sourceText()) {
            bytes += $0
            chunks += 1
        }
        return (String(decoding: bytes, as: UTF8.self), stats, chunks)
    }

    static func events(_ text: String) -> [[String: Any]] {
        let root = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        return root?["traceEvents"] as? [[String: Any]] ?? []
    }
}

import ISA

/// Busy cycles of one core's pipes, in msprof PipeUtilization's meaning: the cycles a pipe was
/// executing something (DMA: request overhead + transfer, not the latency after it; scalar:
/// the scalar unit's own instruction cycles, not its waits).
public struct PipeBusy: Sendable, Equatable {
    public var scalar: Double = 0
    public var vector: Double = 0
    public var mte2: Double = 0
    public var mte3: Double = 0
    public init() {}
    public subscript(pipe: Pipe) -> Double {
        get { switch pipe { case .s: scalar; case .v: vector; case .mte2: mte2; case .mte3: mte3 } }
        set { switch pipe { case .s: scalar = newValue; case .v: vector = newValue; case .mte2: mte2 = newValue; case .mte3: mte3 = newValue } }
    }
}

/// One core's profile.
public struct CoreProfile: Sendable, Equatable {
    /// Cycles from the kernel's start (after launch) until this core finished.
    public var cycles: Double
    public var busy: PipeBusy
    /// busy / `RunReport.kernelCycles` per pipe (`aiv_vec_ratio` etc.).
    public var ratios: PipeBusy
    public var instructions: Int
}

/// One pipe instruction in simulated time (for traces).
public struct TimelineEvent: Sendable, Equatable {
    public var core: Int
    public var pipe: Pipe
    public var pc: Int
    public var start: Double
    public var end: Double
}

/// A flag's set and the wait that consumed it (for trace arrows).
public struct FlagEdge: Sendable, Equatable {
    public var core: Int
    /// `(src, dst, id)` of the flag.
    public var src: Pipe, dst: Pipe, id: Int
    public var setPC: Int, waitPC: Int
    /// When the flag fired, and when the waiting instruction started consuming it.
    public var setTime: Double, waitTime: Double
}

/// What a run produced.
public struct RunReport: Sendable {
    /// Launch overhead + kernel cycles (what a host timer would see).
    public var cycles: Double
    /// From the first instruction to the last core's end.
    public var kernelCycles: Double
    /// `cycles` in microseconds at the machine's clock.
    public var microseconds: Double
    public var launchCycles: Double
    public var cores: [CoreProfile]
    /// Sum over cores.
    public var busy: PipeBusy
    /// Mean over cores of each core's ratio (`aiv_*_ratio` of the whole kernel).
    public var ratios: PipeBusy
    /// Executed instructions by mnemonic.
    public var opcodeCounts: [String: Int]
    public var instructions: Int
    /// Per pipe instruction, if `RunOptions.recordTimeline`.
    public var timeline: [TimelineEvent]
    public var flagEdges: [FlagEdge]
    /// Final contents of each GM parameter, by name.
    public var outputs: [String: [UInt8]]
    /// The GM parameters named in `RunOptions.blockOutputs`: the run's memory of each, not a copy.
    public var blocks: [String: GMBlock] = [:]
    public var bindings: [GMBinding]
    /// Host seconds of the functional and timing phases.
    public var functionalSeconds: Double
    public var timingSeconds: Double
    /// The scalar unit's own cycles by pc, summed over cores (issue cost of pipe instructions
    /// included); empty unless `RunOptions.recordTimeline`. The timeline has scalar slices only
    /// for waits, so this is what `--profile` shows as the S column.
    public var scalarCyclesByPC: [Double] = []

    /// Final contents of a GM parameter as f32 values (little-endian).
    public func floats(_ name: String) -> [Float] {
        guard let b = outputs[name] else { return [] }
        return stride(from: 0, to: b.count - 3, by: 4).map { i in
            Float(bitPattern: UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
        }
    }

    /// Final contents as i32 values.
    public func ints(_ name: String) -> [Int32] {
        guard let b = outputs[name] else { return [] }
        return stride(from: 0, to: b.count - 3, by: 4).map { i in
            Int32(bitPattern: UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
        }
    }
}

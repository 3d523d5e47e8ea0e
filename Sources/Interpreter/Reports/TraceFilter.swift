/// Which part of a run goes into a trace: a big many-core run records millions of pipe
/// instructions, more than trace viewers load comfortably, so the command narrows it by core,
/// by a window of simulated cycles, and finally caps the number of events.
public struct TraceFilter: Sendable, Equatable {
    /// Cores to keep; nil keeps every core.
    public var cores: Set<Int>?
    /// Keep events that overlap `start ... end` (kernel cycles, 0 = the first instruction);
    /// nil means unbounded on that side.
    public var start: Double?
    public var end: Double?
    /// Most instruction, instant and flow events written (metadata not counted). When a run has
    /// more, the earliest events are kept and the rest dropped, so the trace stays a
    /// contiguous prefix of the run.
    public var maxEvents: Int

    /// Two million events: about 400 MB of JSON, still loadable in Perfetto.
    public static let defaultMaxEvents = 2_000_000

    public init(cores: Set<Int>? = nil, start: Double? = nil, end: Double? = nil, maxEvents: Int = TraceFilter.defaultMaxEvents) {
        self.cores = cores
        self.start = start
        self.end = end
        self.maxEvents = maxEvents
    }

    public func includes(core: Int) -> Bool { cores?.contains(core) ?? true }

    /// Whether `[s, e]` overlaps the window.
    public func overlaps(_ s: Double, _ e: Double) -> Bool {
        if let start, e < start { return false }
        if let end, s > end { return false }
        return true
    }

    /// Whether the instant `t` lies in the window.
    public func contains(_ t: Double) -> Bool { overlaps(t, t) }
}

/// What a trace writer wrote, for the command's summary and its warning when events were cut.
public struct TraceStats: Sendable, Equatable {
    /// Instruction (X) and instant events written.
    public var slices: Int = 0
    /// Flow arrows written (each is an `s` and an `f` event).
    public var flows: Int = 0
    /// Events that passed the core and window filters but were left out by `maxEvents`.
    public var dropped: Int = 0
    /// Bytes of JSON written.
    public var bytes: Int = 0

    public init() {}

    public var events: Int { slices + 2 * flows }
}

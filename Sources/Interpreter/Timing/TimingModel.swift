import ISA
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Phase 2: replays every core's issue records in simulated time, deterministically and on one
/// host thread. The model (docs/CycleModel.md has the full statement and every constant):
///
/// - Scalar unit: record k is issued at `scalar + scalarDelta` (the scalar unit's own cycles).
///   It stalls on a full queue (item j of a pipe cannot be issued before item j - depth started),
///   on wait_flag(X, S) (resumes at set + flagCycles), on pipe_barrier(ALL) (everything issued
///   completes, + barrierCycles if it was still busy), on sync_all and end.
/// - Pipes V, MTE2, MTE3 start their head at max(issue, pipe free, flag set for wait_flag).
///   Vector: startup + perRepeat x repeats, the startup hidden when the previous V item was a
///   vector instruction issued back to back (issued before that one finished). set_flag takes
///   flagCycles in its pipe and fires when everything earlier in the pipe has completed.
///   pipe_barrier(p) waits for the pipe's completions and drains barrierCycles (flagCycles on an
///   idle pipe). DMA: one dmaRequestCycles, then the effective bytes move under the chip's shared
///   GM bandwidth at most at the rate that fits the other requests' overheads in with them:
///   bytes / ((requests - 1) x dmaRequestCycles + bytes / engine rate). Alone, a DMA takes
///   requests x dmaRequestCycles + bytes / rate; the pipe is free when the bytes have moved and
///   the data is complete `readLatency`/`writeLatency` later.
/// - Shared GM bandwidth is a fluid model: whenever a transfer starts or ends, the rates of all
///   moving transfers are re-shared max-min fairly (each capped by its engine's per-core rate,
///   all together by gmBytesPerCycle); ties in time are broken by (end before start, core, pipe).
/// - L2 (`L2Cache`): when a transfer's bytes start moving, its GM spans are looked up in the L2
///   (in event order). Read misses and all written bytes are charged to the shared HBM
///   bandwidth; read hits only to the per-core rate (and `l2BytesPerCycle`, unlimited by
///   default). The HBM is shared max-min fairly in HBM bytes, see `reshare`.
/// - An atomic transfer that starts while another core's atomic transfer touches one of its
///   512-byte regions moves (1 + atomicConflictPenalty) times its bytes.
/// - sync_all releases every core at the last arrival + syncAllCycles.
struct TimingModel {
    let m: Machine
    let ctx: RunContext
    /// Each core's records, regions and spans (views of the cores' logs, which outlive the model).
    let streams: [RecordView]
    let regions: [RunView<UInt32>]
    let spans: [RunView<UInt64>]
    /// The chip's L2 (nil when the machine has none).
    var l2: L2Cache?
    let depth: Int
    let rings: PipeRings
    /// `m.cost` of each `VectorCostIndex` (looked up once: the machine keys it by class).
    let vectorCosts: [VectorCost]
    let recordTimeline: Bool
    let cycleBudget: Double
    var cores: [CoreTiming]
    var dirty: [Bool]
    /// Start time of the bandwidth phase of each core's pending MTE2/MTE3 transfer (-1: none).
    var pendingStart: [Double]
    /// The indices c * 4 + p whose `pendingStart` is set, in no order (`nextEvent` breaks ties
    /// by core and pipe itself): the event search visits these, not all cores x 4 entries.
    var waiting: [Int32] = []
    var active: [Transfer] = []
    /// Moving atomic transfers per 512-byte region (absent: none).
    var regionRefs = IntMap()
    var now: Double = 0
    var timeline: [TimelineEvent] = []
    var flagEdges: [FlagEdge] = []
    var error: RuntimeError?
    /// Cores that have ended / wait at sync_all (counted: checked after every event).
    var endedCount = 0
    var atSyncCount = 0

    /// Overlapped phases (`Simulator`): the cores are still running, and a core's records are
    /// read only up to its `published` index. nil: every record is there.
    let feed: ReplayFeed?
    /// Records of each core the replay may read (`feed`: refreshed when exhausted).
    var avail: [Int]

    init(machine: Machine, cores phase1: [Core], recordTimeline: Bool, cycleBudget: Double, feed: ReplayFeed? = nil) {
        self.feed = feed
        avail = feed == nil ? phase1.map(\.records.count) : [Int](repeating: 0, count: phase1.count)
        m = machine
        ctx = phase1[0].ctx
        streams = phase1.map { RecordView($0.records) }
        regions = phase1.map { RunView($0.regionLog) }
        spans = phase1.map { RunView($0.spanLog) }
        l2 = L2Cache(machine: machine)
        depth = max(1, machine.queueDepth)
        self.recordTimeline = recordTimeline
        self.cycleBudget = cycleBudget
        rings = PipeRings(cores: phase1.count, depth: depth)
        vectorCosts = VectorCostIndex.all.map { machine.cost($0) }
        cores = [CoreTiming](repeating: CoreTiming(), count: phase1.count)
        dirty = [Bool](repeating: true, count: phase1.count)
        pendingStart = [Double](repeating: -1, count: phase1.count * 4)
    }

    mutating func run() -> RuntimeError? {
        while true {
            var changed = true
            while changed {
                changed = false
                for c in cores.indices where dirty[c] {
                    dirty[c] = false
                    if advance(c) { changed = true }
                    if let e = error { return e }
                }
                if releaseSyncAll() { changed = true }
            }
            if endedCount == cores.count { return nil }
            if let feed {
                // The fixpoint above is the batch replay's only if no core stopped for want of a
                // record it will still get: give those their records and advance them again.
                switch refill(feed) {
                case .cancelled: return nil
                case .more: continue
                case .complete: break
                }
            }
            guard let (t, c, p, isEnd) = nextEvent() else {
                return RuntimeError(id: "timing.stuck", message: "internal error: the timing model cannot make progress (please report this kernel)")
            }
            if t > cycleBudget { return budgetError(t) }
            advanceFluid(to: t)
            if isEnd { endTransfer(c, p) } else { startTransfer(c, p) }
            dirty[c] = true
        }
    }

    /// Whether core c has a record at `next` the replay may read (refreshing `avail` from the
    /// feed when the known ones are used up).
    @inline(__always) mutating func hasRecord(_ c: Int) -> Bool {
        if cores[c].next < avail[c] { return true }
        guard let feed else { return false }
        avail[c] = feed.cores[c].published.load(ordering: .acquiring)
        return cores[c].next < avail[c]
    }

    enum Refill { case complete, more, cancelled }

    /// Every core whose known records are used up (it may have stopped for want of the next):
    /// refreshed from its `published` index, waited for if it has nothing new and has not
    /// finished, and marked dirty when it got more. `.complete` when no core got any (each
    /// stopped for a reason of the model's own, or at the true end of its stream).
    mutating func refill(_ feed: ReplayFeed) -> Refill {
        var got = false
        for c in cores.indices where !cores[c].ended && !cores[c].atSync && cores[c].next >= avail[c] {
            if hasRecord(c) { dirty[c] = true; got = true; continue }
            // `finished` is set after the last publish: read it first, then the index again.
            if feed.cores[c].finished.load(ordering: .acquiring) {
                if hasRecord(c) { dirty[c] = true; got = true }
                continue
            }
            if !waitForRecords(c, feed) { return .cancelled }
            dirty[c] = true
            got = true
        }
        return got ? .more : .complete
    }

    /// Waits until core c publishes more records or finishes; false if the run was cancelled
    /// (the functional phase failed: the replay's result is not wanted).
    mutating func waitForRecords(_ c: Int, _ feed: ReplayFeed) -> Bool {
        var spins = 0
        while true {
            if hasRecord(c) || feed.cores[c].finished.load(ordering: .acquiring) { return true }
            if feed.cancelled.load(ordering: .relaxed) { return false }
            spins += 1
            if spins < 64 { sched_yield() } else { usleep(100) }
        }
    }

    @inline(never)
    func budgetError(_ t: Double) -> RuntimeError {
        RuntimeError(id: "budget.cycles",
                     message: "the simulated time passed the cycle budget of \(Int(cycleBudget)) cycles; raise it with `vrun --max-cycles N` (RunOptions.cycleBudget)",
                     cycle: t)
    }

    // MARK: One core

    /// Advances a core's scalar unit and pipes as far as known times allow.
    mutating func advance(_ c: Int) -> Bool {
        var any = false
        var progress = true
        while progress {
            progress = advanceScalar(c)
            for p in 1...3 where advancePipe(c, p) { progress = true }
            if progress { any = true }
            if error != nil { return any }
        }
        return any
    }

    mutating func advanceScalar(_ c: Int) -> Bool {
        var progress = false
        let recs = streams[c]
        while !cores[c].ended && !cores[c].atSync && hasRecord(c) {
            let r = recs[cores[c].next]
            let t = cores[c].scalar + r.scalarDelta
            switch r.kind {
            case .setFlag where r.pipe == 0:
                fire(c, Int(r.flag), t, r.pc)
                cores[c].scalar = t
                span(c, 0, r.pc, t - m.flagCycles, t)
            case .waitFlag where r.pipe == 0:
                let f = Int(r.flag), k = cores[c].flagWaits[f]
                if cores[c].flagSets[f].count <= k { return progress }
                let s = cores[c].flagSets[f][k]
                cores[c].flagWaits[f] += 1
                cores[c].scalar = max(t, s + m.flagCycles)
                edge(c, f, k, waitPC: r.pc, waitTime: cores[c].scalar - m.flagCycles)
                span(c, 0, r.pc, cores[c].scalar - m.flagCycles, cores[c].scalar)
            case .barrierAll:
                guard let d = cores[c].drained() else { return progress }
                cores[c].scalar = d > t ? d + m.barrierCycles : t
                span(c, 0, r.pc, t, cores[c].scalar)
            case .syncAll:
                guard let d = cores[c].drained() else { return progress }
                cores[c].atSync = true
                atSyncCount += 1
                cores[c].syncArrival = max(t, d)
                cores[c].syncCount += 1
            case .end:
                guard let d = cores[c].drained() else { return progress }
                cores[c].ended = true
                endedCount += 1
                cores[c].endTime = max(t, d)
                cores[c].scalar = cores[c].endTime
            default:
                let p = Int(r.pipe)
                var issueAt = t
                let j = cores[c].pipes[p].pushed
                if j >= depth {
                    let k = j - depth
                    if cores[c].pipes[p].started <= k { return progress }
                    issueAt = max(issueAt, rings.start[rings.slot(c, p, k)])
                }
                let s = rings.slot(c, p, j)
                rings.rec[s] = Int32(cores[c].next)
                rings.issue[s] = issueAt
                cores[c].pipes[p].pushed = j + 1
                cores[c].scalar = issueAt
            }
            cores[c].scalarBusy += r.scalarDelta
            cores[c].next += 1
            progress = true
            if cores[c].scalar > cycleBudget { error = budgetError(cores[c].scalar); return progress }
        }
        return progress
    }

    mutating func advancePipe(_ c: Int, _ p: Int) -> Bool {
        var progress = false
        let recs = streams[c]
        while !cores[c].pipes[p].inFlight && cores[c].pipes[p].pendingCount > 0 {
            let slot = rings.slot(c, p, cores[c].pipes[p].started)
            let ri = rings.rec[slot]
            let ti = rings.issue[slot]
            let r = recs[Int(ri)]
            var pipe = cores[c].pipes[p]
            var start = max(ti, pipe.free)
            var end = start
            switch r.kind {
            case .waitFlag:
                let f = Int(r.flag), k = cores[c].flagWaits[f]
                if cores[c].flagSets[f].count <= k { return progress }
                start = max(start, cores[c].flagSets[f][k])
                end = start + m.flagCycles
                cores[c].flagWaits[f] += 1
                edge(c, f, k, waitPC: r.pc, waitTime: start)
                pipe.lastVector = false
            case .setFlag:
                end = start + m.flagCycles
                fire(c, Int(r.flag), max(end, pipe.allDone), r.pc)
                pipe.lastVector = false
            case .barrier:
                let outstanding = pipe.allDone > ti
                start = max(start, pipe.allDone)
                end = start + (outstanding ? m.barrierCycles : m.flagCycles)
                pipe.lastVector = false
            case .vector:
                let cost = vectorCosts[Int(r.cls)]
                let hidden = pipe.lastVector && ti <= pipe.free
                end = start + (hidden ? 0 : cost.startup) + cost.perRepeat * r.amount
                pipe.lastVector = true
            default:
                // DMA: request overhead, then bytes under the shared bandwidth.
                pipe.inFlight = true
                pipe.flightStart = start
                pipe.flightRec = ri
                pipe.lastVector = false
                // The first request's overhead comes before any byte moves; the others are
                // interleaved with the bytes (`startTransfer` lowers the transfer's rate cap).
                let bw = start + Double(min(r.requests, 1)) * m.dmaRequestCycles
                pendingStart[c * 4 + p] = max(bw, now)
                waiting.append(Int32(c * 4 + p))
            }
            rings.start[slot] = start
            pipe.started += 1
            if !pipe.inFlight {
                pipe.free = end
                pipe.allDone = max(pipe.allDone, end)
                pipe.busy += end - start
            }
            cores[c].pipes[p] = pipe
            if !pipe.inFlight { span(c, p, r.pc, start, end) }
            progress = true
        }
        return progress
    }

    /// The last core reached its sync_all: release them all.
    mutating func releaseSyncAll() -> Bool {
        guard atSyncCount > 0, atSyncCount + endedCount == cores.count else { return false }
        var last = -Double.infinity
        for c in cores.indices where cores[c].atSync { last = max(last, cores[c].syncArrival) }
        let release = last + m.syncAllCycles
        atSyncCount = 0
        for c in cores.indices where cores[c].atSync {
            cores[c].atSync = false
            if recordTimeline { timeline.append(TimelineEvent(core: c, pipe: .s, pc: Int(streams[c][cores[c].next - 1].pc), start: cores[c].syncArrival, end: release)) }
            cores[c].scalar = release
            for p in 1...3 { cores[c].pipes[p].free = max(cores[c].pipes[p].free, release) }
            dirty[c] = true
        }
        return true
    }

    mutating func fire(_ c: Int, _ f: Int, _ t: Double, _ pc: Int32) {
        cores[c].flagSets[f].append(t)
        cores[c].flagSetPCs[f].append(pc)
    }

    mutating func edge(_ c: Int, _ f: Int, _ k: Int, waitPC: Int32, waitTime: Double) {
        guard recordTimeline else { return }
        flagEdges.append(FlagEdge(core: c, src: Pipe(rawValue: UInt8(f / 32))!, dst: Pipe(rawValue: UInt8((f / 8) % 4))!, id: f % 8,
                                  setPC: Int(cores[c].flagSetPCs[f][k]), waitPC: Int(waitPC),
                                  setTime: cores[c].flagSets[f][k], waitTime: waitTime))
    }

    mutating func span(_ c: Int, _ p: Int, _ pc: Int32, _ s: Double, _ e: Double) {
        if recordTimeline { timeline.append(TimelineEvent(core: c, pipe: Pipe(rawValue: UInt8(p))!, pc: Int(pc), start: s, end: e)) }
    }
}

/// What the timing replay reads while the functional phase still runs: the cores (their
/// published records) and whether the run was given up.
final class ReplayFeed: @unchecked Sendable {
    let cores: [Core]
    let cancelled = Atomic<Bool>(false)
    init(cores: [Core]) { self.cores = cores }
}

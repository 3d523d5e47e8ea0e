import ISA

/// Timing state of one pipe (V, MTE2 or MTE3) of one core.
struct PipeTiming {
    /// Issued, not yet started: record index and issue time.
    var pendingRec: [Int32] = []
    var pendingIssue: [Double] = []
    var head = 0
    /// Items ever pushed / started (for the bounded-queue rule).
    var pushed = 0
    var started = 0
    /// Start time of item k at `startRing[k % depth]`.
    var startRing: [Double]
    /// When the pipe can start its next item.
    var free: Double = 0
    /// Completion (including DMA latency) of everything started so far.
    var allDone: Double = 0
    /// A DMA transfer of this pipe is waiting to start or moving bytes (its end is not known yet).
    var inFlight = false
    var flightStart: Double = 0
    var flightRec: Int32 = -1
    /// The previous item was a vector instruction (for startup hiding).
    var lastVector = false
    var busy: Double = 0

    init(depth: Int) { startRing = [Double](repeating: 0, count: max(depth, 1)) }

    var pendingCount: Int { pendingRec.count - head }

    mutating func push(_ rec: Int32, _ t: Double) {
        if head > 4096 && head * 2 > pendingRec.count {
            pendingRec.removeFirst(head); pendingIssue.removeFirst(head); head = 0
        }
        pendingRec.append(rec)
        pendingIssue.append(t)
        pushed += 1
    }
}

/// Timing state of one core.
struct CoreTiming {
    var next = 0
    /// Scalar unit time: everything before record `next` has been issued by then.
    var scalar: Double = 0
    var scalarBusy: Double = 0
    var pipes: [PipeTiming]
    /// Per flag: fire times (and pcs) of its sets, in order; and how many waits consumed one.
    var flagSets: [[Double]]
    var flagSetPCs: [[Int32]]
    var flagWaits: [Int]
    var ended = false
    var endTime: Double = 0
    /// Waiting at sync_all number `syncCount - 1`, arrived at `syncArrival`.
    var atSync = false
    var syncArrival: Double = 0
    var syncCount = 0

    init(depth: Int) {
        pipes = [PipeTiming](repeating: PipeTiming(depth: depth), count: 4)
        flagSets = [[Double]](repeating: [], count: 128)
        flagSetPCs = [[Int32]](repeating: [], count: 128)
        flagWaits = [Int](repeating: 0, count: 128)
    }

    /// Completion time of everything issued to V, MTE2 and MTE3, or nil while unknown.
    func drained() -> Double? {
        var t: Double = 0
        for p in 1...3 {
            if pipes[p].inFlight || pipes[p].pendingCount > 0 { return nil }
            t = max(t, pipes[p].allDone)
        }
        return t
    }
}

/// A DMA transfer moving bytes under the shared GM bandwidth (the fluid model).
struct Transfer {
    var core: Int
    var pipe: Int
    var remaining: Double
    /// The engine's own rate (bytes/cycle): MTE2 or MTE3 per-core rate.
    var cap: Double
    var rate: Double = 0
    /// HBM bytes per byte moved: the miss fraction of a read (sectors fetched / bytes, may
    /// exceed 1 when a sector is larger than the request), 1 for writes and atomics, and 1 for
    /// everything when the machine has no L2.
    var hbm: Double = 1
    /// L2-hit bytes per byte moved (reads only), for `Machine.l2BytesPerCycle`.
    var hit: Double = 0
    var regionStart: Int = 0
    var regionCount: Int = 0
}

import ISA

/// Timing state of one pipe (V, MTE2 or MTE3) of one core. Plain values only: the advance
/// loop copies it in and out for every item, so it must not hold arrays (each copy of one
/// would retain and release it). Its queue lives in `PipeRings`.
struct PipeTiming {
    /// Items ever pushed / started. Item k's record index and issue time are in the ring slot
    /// k mod depth until it starts, its start time from then on (`PipeRings`); at most depth
    /// items are pending (the bounded-queue rule), so one ring of depth slots holds both.
    var pushed = 0
    var started = 0
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

    var pendingCount: Int { pushed - started }
}

/// The queues of every pipe of every core, over raw storage allocated once: slot
/// `(core * 4 + pipe) * depth + k mod depth` holds item k's record and issue time while it is
/// pending and its start time once started (two fields: the start of item k is read when item
/// k + depth is pushed into the same slot).
final class PipeRings {
    let depth: Int
    let rec: UnsafeMutablePointer<Int32>
    let issue: UnsafeMutablePointer<Double>
    let start: UnsafeMutablePointer<Double>

    init(cores: Int, depth: Int) {
        self.depth = depth
        let n = max(1, cores * 4 * depth)
        rec = .allocate(capacity: n)
        rec.initialize(repeating: -1, count: n)
        issue = .allocate(capacity: n)
        issue.initialize(repeating: 0, count: n)
        start = .allocate(capacity: n)
        start.initialize(repeating: 0, count: n)
    }

    deinit {
        rec.deallocate()
        issue.deallocate()
        start.deallocate()
    }

    @inline(__always) func slot(_ c: Int, _ p: Int, _ k: Int) -> Int { (c &* 4 &+ p) &* depth &+ k % depth }
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

    init() {
        pipes = [PipeTiming](repeating: PipeTiming(), count: 4)
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

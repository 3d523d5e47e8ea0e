import ISA

/// Detects races between the pipes of one core on the Unified Buffer.
///
/// Each pipe (S, V, MTE2, MTE3) has a vector clock. A pipe ticks its own component for every
/// instruction it executes; `set_flag` captures the source pipe's clock in the flag,
/// `wait_flag` joins it into the destination pipe; `pipe_barrier(ALL)`, `sync_all` and the
/// start of the kernel join every clock into every pipe (all pipes are drained there). An
/// instruction issued after the scalar unit waited for a flag also carries what the scalar
/// unit learnt (`issueClock`), since it cannot start before it was issued.
///
/// Shadow state per 32-byte granule of the UB (the UB's access unit: every vector operand is
/// 32-byte aligned): the last write (pipe, clock, pc) and the last read of each pipe. An access
/// races with an earlier one of another pipe when at least one is a write and the earlier one is
/// not ordered before it (its clock is above what the accessing pipe knows of that pipe).
/// Two accesses of the same pipe are ordered (pipes are in order). Sub-granule accesses by two
/// pipes to one 32-byte granule count as overlapping: a deliberate, documented coarseness.
///
/// A final class over raw buffers (allocated once per core): the per-granule updates in the
/// vector instructions' inner loops then pay no copy-on-write, bounds or exclusivity checks.
final class UBRaceChecker {
    static let granule = 32
    static let shift: UInt64 = 5

    /// Each pipe's vector clock (4 entries).
    let clocks: UnsafeMutablePointer<SIMD4<UInt32>>
    /// What the scalar unit learnt from waits and full drains: stamped on issued instructions.
    var issueKnowledge: SIMD4<UInt32> = .zero

    // Shadow, struct of arrays, one entry per granule.
    let count: Int
    let writeClock: UnsafeMutablePointer<UInt32>
    let writePipe: UnsafeMutablePointer<UInt8>
    let writePC: UnsafeMutablePointer<Int32>
    let readClock: UnsafeMutablePointer<SIMD4<UInt32>>
    let readPC: UnsafeMutablePointer<SIMD4<Int32>>
    /// Granules marked by `markRead` and not yet checked by `flushReads`, one byte each (a
    /// plain store per element: a bitmap's read-modify-write of one word stalled the gather).
    let pending: UnsafeMutablePointer<UInt8>
    let pendingWords: Int

    init(ubBytes: Int) {
        let n = (ubBytes + UBRaceChecker.granule - 1) / UBRaceChecker.granule
        count = n
        clocks = .allocate(capacity: 4)
        clocks.initialize(repeating: .zero, count: 4)
        writeClock = .allocate(capacity: n)
        writeClock.initialize(repeating: 0, count: n)
        writePipe = .allocate(capacity: n)
        writePipe.initialize(repeating: 0, count: n)
        writePC = .allocate(capacity: n)
        writePC.initialize(repeating: -1, count: n)
        readClock = .allocate(capacity: n)
        readClock.initialize(repeating: .zero, count: n)
        readPC = .allocate(capacity: n)
        readPC.initialize(repeating: SIMD4(repeating: -1), count: n)
        pendingWords = (n + 7) / 8
        pending = .allocate(capacity: 8 * pendingWords)
        pending.initialize(repeating: 0, count: 8 * pendingWords)
    }

    deinit {
        clocks.deallocate()
        writeClock.deallocate()
        writePipe.deallocate()
        writePC.deallocate()
        readClock.deallocate()
        readPC.deallocate()
        pending.deallocate()
    }

    /// A race found: the other access's pipe, pc, and whether it was a write.
    struct Race {
        var granule: Int
        var otherPipe: Int
        var otherPC: Int32
        var otherWrite: Bool
        var write: Bool
    }

    /// Ticks `pipe` for a new instruction (after joining what it was issued with).
    @inline(__always) func begin(pipe: Int, issued: SIMD4<UInt32>) {
        clocks[pipe] = pointwiseMax(clocks[pipe], issued)
        clocks[pipe][pipe] &+= 1
    }

    @inline(__always) func setFlag(pipe: Int) -> SIMD4<UInt32> { clocks[pipe] }

    @inline(__always) func waitFlag(pipe: Int, _ flagClock: SIMD4<UInt32>) {
        clocks[pipe] = pointwiseMax(clocks[pipe], flagClock)
        if pipe == Int(Pipe.s.rawValue) { issueKnowledge = pointwiseMax(issueKnowledge, flagClock) }
    }

    /// Everything drained: every pipe now knows everything.
    func joinAll() {
        let j = pointwiseMax(pointwiseMax(clocks[0], clocks[1]), pointwiseMax(clocks[2], clocks[3]))
        for p in 0..<4 { clocks[p] = j }
        issueKnowledge = j
    }

    /// Marks [addr, addr + len) (inside the UB) as read by the current instruction, to be
    /// checked by `flushReads`. For the gather: its elements hit the same granules again and
    /// again, and checking each granule once gives the same shadow state as checking every
    /// element (a read's marks are idempotent within one instruction: same pipe, clock and pc).
    /// `len` is 1...32 (the bytes of one gathered element), so it spans at most two granules.
    @inline(__always) func markRead(_ addr: Int, _ len: Int) {
        pending[addr &>> 5] = 1
        pending[(addr &+ len &- 1) &>> 5] = 1
    }

    /// Forgets the marks (the caller gave up before `flushReads`).
    func clearPending() { pending.update(repeating: 0, count: 8 * pendingWords) }

    /// Checks and records as reads by `pipe` every granule marked since the last call, and
    /// clears the marks. True if one of them races: then the caller repeats its accesses one by
    /// one with `access`, in order, so that the race reported is the first in element order.
    /// Only granules `first...last` can be marked (the caller tracks the range it read).
    func flushReads(pipe: Int, pc: Int32, first: Int, last: Int) -> Bool {
        let c = clocks[pipe]
        let me = c[pipe]
        var raced = false
        let rcLanes = UnsafeMutableRawPointer(readClock), rpcLanes = UnsafeMutableRawPointer(readPC)
        let words = UnsafeMutableRawPointer(pending)
        for w in first &>> 3 ..< Swift.min(pendingWords, (last &>> 3) &+ 1) {
            var marks = words.load(fromByteOffset: 8 &* w, as: UInt64.self)
            if marks == 0 { continue }
            words.storeBytes(of: 0, toByteOffset: 8 &* w, as: UInt64.self)
            while marks != 0 {
                let g = 8 &* w &+ marks.trailingZeroBitCount &>> 3
                marks &= ~(UInt64(0xff) << UInt64((marks.trailingZeroBitCount &>> 3) &* 8))
                let wc = writeClock[g]
                if wc != 0 {
                    let wp = Int(writePipe[g])
                    if wp != pipe && wc > c[wp] { raced = true; continue }
                }
                rcLanes.storeBytes(of: me, toByteOffset: g &* 16 &+ pipe &* 4, as: UInt32.self)
                rpcLanes.storeBytes(of: pc, toByteOffset: g &* 16 &+ pipe &* 4, as: Int32.self)
            }
        }
        return raced
    }

    /// The race `access(write: false)` would report for [addr, addr + len), without stamping.
    @inline(__always) func checkRead(pipe: Int, addr: Int, len: Int) -> Race? {
        if len <= 0 { return nil }
        let c = clocks[pipe]
        for g in addr >> 5 ... (addr + len - 1) >> 5 {
            let wc = writeClock[g]
            if wc != 0 {
                let wp = Int(writePipe[g])
                if wp != pipe && wc > c[wp] { return Race(granule: g, otherPipe: wp, otherPC: writePC[g], otherWrite: true, write: false) }
            }
        }
        return nil
    }

    /// Records an access of [addr, addr + len) by `pipe`; returns the first race, if any.
    ///
    /// Every clock stamped in the shadow by pipe q is at most q's own counter `clocks[q][q]`
    /// (counters only grow). So when `pipe` knows every other pipe's counter, no granule can
    /// race and the access only stamps: the common case after a full drain or a flag chain.
    /// The shadow pointers are copied to locals: the loop's stores through one could alias the
    /// class's fields as far as the compiler knows, and it would reload them every granule.
    @inline(__always) func access(pipe: Int, addr: Int, len: Int, write: Bool, pc: Int32) -> Race? {
        if len <= 0 { return nil }
        let first = addr >> 5, last = (addr + len - 1) >> 5
        let c = clocks[pipe]
        let me = c[pipe]
        let wcP = writeClock, wpP = writePipe, wpcP = writePC, rcP = readClock
        let rcLanes = UnsafeMutableRawPointer(readClock), rpcLanes = UnsafeMutableRawPointer(readPC)
        var own = SIMD4<UInt32>(clocks[0][0], clocks[1][1], clocks[2][2], clocks[3][3])
        own[pipe] = 0
        let mayRace = (own .> c) != SIMDMask(repeating: false)
        // A lane that can never be "newer": this pipe's own reads.
        var cx = c
        cx[pipe] = .max
        for g in first...last {
            if mayRace {
                let wc = wcP[g]
                if wc != 0 {
                    let wp = Int(wpP[g])
                    if wp != pipe && wc > c[wp] {
                        return Race(granule: g, otherPipe: wp, otherPC: wpcP[g], otherWrite: true, write: write)
                    }
                }
                if write {
                    let r = rcP[g]
                    if r.x > cx.x || r.y > cx.y || r.z > cx.z || r.w > cx.w {
                        for p in 0..<4 where p != pipe && r[p] > c[p] {
                            return Race(granule: g, otherPipe: p, otherPC: readPC[g][p], otherWrite: false, write: true)
                        }
                    }
                }
            }
            if write {
                wcP[g] = me
                wpP[g] = UInt8(pipe)
                wpcP[g] = pc
                rcP[g] = .zero
            } else {
                rcLanes.storeBytes(of: me, toByteOffset: g &* 16 &+ pipe &* 4, as: UInt32.self)
                rpcLanes.storeBytes(of: pc, toByteOffset: g &* 16 &+ pipe &* 4, as: Int32.self)
            }
        }
        return nil
    }
}

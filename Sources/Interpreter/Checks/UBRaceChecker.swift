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
    }

    deinit {
        clocks.deallocate()
        writeClock.deallocate()
        writePipe.deallocate()
        writePC.deallocate()
        readClock.deallocate()
        readPC.deallocate()
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

    /// Records an access of [addr, addr + len) by `pipe`; returns the first race, if any.
    @inline(__always) func access(pipe: Int, addr: Int, len: Int, write: Bool, pc: Int32) -> Race? {
        if len <= 0 { return nil }
        let first = addr >> 5, last = (addr + len - 1) >> 5
        let c = clocks[pipe]
        let me = c[pipe]
        for g in first...last {
            let wc = writeClock[g]
            if wc != 0 {
                let wp = Int(writePipe[g])
                if wp != pipe && wc > c[wp] {
                    return Race(granule: g, otherPipe: wp, otherPC: writePC[g], otherWrite: true, write: write)
                }
            }
            if write {
                let r = readClock[g]
                for p in 0..<4 where p != pipe && r[p] > c[p] {
                    return Race(granule: g, otherPipe: p, otherPC: readPC[g][p], otherWrite: false, write: true)
                }
                writeClock[g] = me
                writePipe[g] = UInt8(pipe)
                writePC[g] = pc
                readClock[g] = .zero
            } else {
                readClock[g][pipe] = me
                readPC[g][pipe] = pc
            }
        }
        return nil
    }
}

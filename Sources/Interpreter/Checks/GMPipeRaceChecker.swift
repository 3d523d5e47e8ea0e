import ISA

/// Detects races between the pipes of one core on GM: MTE3 writing bytes MTE2 reads (either
/// order), a scalar `stg` and a DMA of the same bytes, and so on, with no flag chain between them.
///
/// It shares the vector clocks of `UBRaceChecker` (pipes tick per instruction; flags, barriers
/// and drains carry knowledge). Two GM accesses of different pipes of one core race when at
/// least one writes (a plain write or an atomic add), their byte ranges overlap, and the earlier
/// one is not known to the later one's pipe. Byte-exact (no granules: GM is large and sparse).
///
/// Unlike the UB, GM gets no shadow memory: each GM pipe (S, MTE2, MTE3) keeps a log of its
/// accesses, one entry per instruction (its clock, pc, kind, bounding range, and its byte
/// ranges). An entry of pipe p matters only to pipes that do not know it yet, so a check by
/// pipe q scans p's entries newer than q's knowledge of p (a suffix of p's log: a pipe's own
/// clock only grows), and entries every relevant pipe knows are dropped. Relevant pipes come from
/// the program (`GMPipeUse`): a read can only race with a pipe that writes GM, so in a kernel
/// whose scalar unit never touches GM the logs are pruned by MTE2/MTE3 knowledge alone.
/// `pipe_barrier(ALL)`, `sync_all` and `end` order everything: the logs are cleared.
struct GMPipeRaceChecker {
    struct Entry {
        var clock: UInt32
        var pc: Int32
        var write: Bool
        var lo: UInt64
        var hi: UInt64
        /// Byte ranges at `pieces[pieceStart ..< pieceEnd]` (pairs: start, end).
        var pieceStart: Int
        var pieceEnd: Int
    }

    struct Log {
        var entries: [Entry] = []
        var pieces: [UInt64] = []
        /// First live entry.
        var head = 0
        var sincePrune = 0
    }

    /// A race found: the other access's pipe, pc, whether it wrote, and the first byte both touch.
    struct Race {
        var address: UInt64
        var otherPipe: Int
        var otherPC: Int32
        var otherWrite: Bool
        var write: Bool
    }

    let use: GMPipeUse
    var logs = [Log](repeating: Log(), count: 4)

    init(use: GMPipeUse) { self.use = use }

    /// Records an access of GM [addr, addr + len) by `pipe` whose vector clock is `clock`, and
    /// returns the first race with an unordered access of another pipe, if any.
    @inline(__always)
    mutating func access(pipe: Int, addr: UInt64, len: Int, write: Bool, pc: Int32, clock: SIMD4<UInt32>) -> Race? {
        if len <= 0 { return nil }
        let end = addr &+ UInt64(len)
        for q in 0..<4 where q != 1 && q != pipe && logs[q].entries.count > logs[q].head {
            if let r = scan(q, addr, end, write: write, known: clock[q]) { return r }
        }
        if use.mattersToOthers(pipe: pipe, write: write) { append(pipe, addr, end, write: write, pc: pc, clock: clock[pipe]) }
        return nil
    }

    /// Does a log need pruning (`prune`)?
    var wantsPrune: Bool {
        logs[0].sincePrune >= 64 || logs[2].sincePrune >= 64 || logs[3].sincePrune >= 64
    }

    /// The newest-first scan of q's entries that the accessing pipe does not know.
    private func scan(_ q: Int, _ s: UInt64, _ e: UInt64, write: Bool, known: UInt32) -> Race? {
        let log = logs[q]
        var i = log.entries.count - 1
        var found: Race?
        while i >= log.head {
            let en = log.entries[i]
            if en.clock <= known { break }
            if (en.write || write) && en.lo < e && s < en.hi {
                var k = en.pieceStart
                while k < en.pieceEnd {
                    let ps = log.pieces[k], pe = log.pieces[k + 1]
                    if ps < e && s < pe {
                        // Keep scanning older entries: report the oldest unordered one.
                        found = Race(address: max(s, ps), otherPipe: q, otherPC: en.pc, otherWrite: en.write, write: write)
                        break
                    }
                    k += 2
                }
            }
            i -= 1
        }
        return found
    }

    private mutating func append(_ p: Int, _ s: UInt64, _ e: UInt64, write: Bool, pc: Int32, clock: UInt32) {
        let n = logs[p].entries.count
        if n > logs[p].head, logs[p].entries[n - 1].clock == clock {
            logs[p].entries[n - 1].lo = min(logs[p].entries[n - 1].lo, s)
            logs[p].entries[n - 1].hi = max(logs[p].entries[n - 1].hi, e)
            let pe = logs[p].entries[n - 1].pieceEnd
            // Contiguous continuation of the previous range: extend it.
            if pe >= 2 && logs[p].pieces[pe - 1] == s {
                logs[p].pieces[pe - 1] = e
            } else {
                logs[p].pieces.append(s)
                logs[p].pieces.append(e)
                logs[p].entries[n - 1].pieceEnd += 2
            }
            return
        }
        let ps = logs[p].pieces.count
        logs[p].pieces.append(s)
        logs[p].pieces.append(e)
        logs[p].entries.append(Entry(clock: clock, pc: pc, write: write, lo: s, hi: e, pieceStart: ps, pieceEnd: ps + 2))
        logs[p].sincePrune += 1
    }

    /// Drops the entries of every log that every relevant pipe knows (`clocks` = each pipe's
    /// vector clock), and compacts a log whose dead prefix is large.
    mutating func prune(_ clocks: UnsafeMutablePointer<SIMD4<UInt32>>) {
        for p in 0..<4 where p != 1 && logs[p].sincePrune >= 64 {
            logs[p].sincePrune = 0
            var threshold = UInt32.max
            for q in 0..<4 where q != 1 && q != p && use.canConflict(q, with: p) { threshold = min(threshold, clocks[q][p]) }
            var h = logs[p].head
            while h < logs[p].entries.count && logs[p].entries[h].clock <= threshold { h += 1 }
            logs[p].head = h
            if h >= 1024 && h * 2 >= logs[p].entries.count {
                let cut = h < logs[p].entries.count ? logs[p].entries[h].pieceStart : logs[p].pieces.count
                logs[p].entries.removeFirst(h)
                logs[p].pieces.removeFirst(cut)
                for i in logs[p].entries.indices {
                    logs[p].entries[i].pieceStart -= cut
                    logs[p].entries[i].pieceEnd -= cut
                }
                logs[p].head = 0
            }
        }
    }

    /// Every pipe knows everything (pipe_barrier(ALL), sync_all, end).
    mutating func clear() {
        for p in 0..<4 where p != 1 {
            logs[p].entries.removeAll(keepingCapacity: true)
            logs[p].pieces.removeAll(keepingCapacity: true)
            logs[p].head = 0
            logs[p].sincePrune = 0
        }
    }
}

/// Which pipes of the program can read or write GM, from its instructions (so that the GM race
/// logs keep only what some other pipe could still race with).
struct GMPipeUse {
    var reads = [Bool](repeating: false, count: 4)
    var writes = [Bool](repeating: false, count: 4)

    init(code: [DecodedInstruction]) {
        for d in code {
            switch d.opcode {
            case Op.ldg: reads[0] = true
            case Op.stg: writes[0] = true
            case Op.copyGmUb, Op.copyGmUbPad, Op.gatherGm: reads[2] = true
            case Op.copyUbGm, Op.copyUbGmPad, Op.scatterAdd: writes[3] = true
            default: break
            }
        }
    }

    /// Can an access of pipe q race with one of pipe p (q != p)? One of them must write.
    func canConflict(_ q: Int, with p: Int) -> Bool {
        (writes[q] && (reads[p] || writes[p])) || (writes[p] && reads[q])
    }

    /// Must an access of `pipe` be remembered for other pipes' checks?
    func mattersToOthers(pipe: Int, write: Bool) -> Bool {
        for q in 0..<4 where q != 1 && q != pipe {
            if writes[q] || (write && reads[q]) { return true }
        }
        return false
    }
}

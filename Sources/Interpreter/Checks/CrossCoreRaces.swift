import ISA

/// Races between cores within one sync_all epoch, checked deterministically at the epoch's end
/// from every core's GM access logs:
/// 1. two cores write overlapping GM bytes (`race.gm-write`);
/// 2. a core reads GM bytes another core writes (`race.gm-read`);
/// 3. a core reads or plainly writes GM bytes that any core atomically adds to (`race.gm-atomic`).
/// Atomic adds by several cores to the same bytes are fine (that is their purpose). Among the
/// conflicts of the first kind found, the one at the lowest address is reported.
enum CrossCoreRaces {
    struct Range { var s: UInt64; var e: UInt64; var core: Int; var pc: Int32 }

    static func check(_ cores: [Core], gm: GlobalMemory) -> RuntimeError? {
        var writes: [Range] = [], atomics: [Range] = []
        for c in cores {
            c.gmWrites.compact(); c.gmReads.compact(); c.gmAtomics.compact()
            for i in c.gmWrites.starts.indices { writes.append(Range(s: c.gmWrites.starts[i], e: c.gmWrites.ends[i], core: c.index, pc: c.gmWrites.pcs[i])) }
            for i in c.gmAtomics.starts.indices { atomics.append(Range(s: c.gmAtomics.starts[i], e: c.gmAtomics.ends[i], core: c.index, pc: c.gmAtomics.pcs[i])) }
        }
        writes.sort { ($0.s, $0.core) < ($1.s, $1.core) }
        // 1. Write vs write. Each core's list is disjoint, so any overlap in start order with the
        // range reaching furthest is between two cores.
        if let far = writes.first {
            var far = far
            for w in writes.dropFirst() {
                if w.s < far.e && w.core != far.core {
                    return error("race.gm-write", "core \(w.core) and core \(far.core) both write GM \(gm.describe(w.s)) in the same sync_all epoch",
                                 w, far, gm, cores)
                }
                if w.e > far.e { far = w }
            }
        }
        // 2. Read vs another core's write: writes are now disjoint and sorted.
        var best: (Range, Range)?
        for c in cores {
            let r = c.gmReads
            for i in r.starts.indices {
                let rs = r.starts[i], re = r.ends[i]
                var lo = 0, hi = writes.count
                while lo < hi { let m = (lo + hi) / 2; if writes[m].e <= rs { lo = m + 1 } else { hi = m } }
                var k = lo
                while k < writes.count && writes[k].s < re {
                    if writes[k].core != c.index {
                        let at = max(rs, writes[k].s)
                        if best == nil || at < max(best!.0.s, best!.1.s) { best = (Range(s: rs, e: re, core: c.index, pc: r.pcs[i]), writes[k]) }
                        break
                    }
                    k += 1
                }
            }
        }
        if let (rd, w) = best {
            let at = max(rd.s, w.s)
            return error("race.gm-read", "core \(rd.core) reads GM \(gm.describe(at)) which core \(w.core) writes in the same sync_all epoch (separate them with sync_all)",
                         Range(s: at, e: rd.e, core: rd.core, pc: rd.pc), w, gm, cores)
        }
        // 3. Anything plain vs atomics.
        if atomics.isEmpty { return nil }
        atomics.sort { ($0.s, $0.core) < ($1.s, $1.core) }
        var union: [Range] = []
        for a in atomics {
            if let l = union.last, a.s <= l.e { if a.e > l.e { union[union.count - 1].e = a.e } } else { union.append(a) }
        }
        var found: (Range, Range, Bool)?
        func probe(_ x: Range, write: Bool) {
            var lo = 0, hi = union.count
            while lo < hi { let m = (lo + hi) / 2; if union[m].e <= x.s { lo = m + 1 } else { hi = m } }
            if lo < union.count && union[lo].s < x.e {
                let at = max(x.s, union[lo].s)
                if found == nil || at < max(found!.0.s, found!.1.s) { found = (Range(s: at, e: x.e, core: x.core, pc: x.pc), union[lo], write) }
            }
        }
        for w in writes { probe(w, write: true) }
        for c in cores { for i in c.gmReads.starts.indices { probe(Range(s: c.gmReads.starts[i], e: c.gmReads.ends[i], core: c.index, pc: c.gmReads.pcs[i]), write: false) } }
        if let (x, a, write) = found {
            return error("race.gm-atomic", "core \(x.core) \(write ? "writes" : "reads") GM \(gm.describe(x.s)) which core \(a.core) atomically adds to in the same sync_all epoch (atomic adds land at the next sync_all)",
                         x, a, gm, cores)
        }
        return nil
    }

    static func error(_ id: String, _ msg: String, _ a: Range, _ b: Range, _ gm: GlobalMemory, _ cores: [Core]) -> RuntimeError {
        let ctx = cores[0].ctx
        return RuntimeError(id: id, message: msg, core: a.core, pipe: nil, pc: Int(a.pc), location: ctx.location(Int(a.pc)),
                            instructionCount: cores[a.core].executed, addresses: [a.s, b.s],
                            notes: ["the other access (core \(b.core)) is at \(ctx.location(Int(b.pc)))"])
    }
}

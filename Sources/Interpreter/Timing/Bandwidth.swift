import ISA

/// The shared GM bandwidth: a fluid model over the transfers moving bytes right now.
extension TimingModel {
    /// The earliest event: a transfer ending (first) or starting; ties by core, then pipe.
    func nextEvent() -> (Double, Int, Int, Bool)? {
        var best: (Double, Int, Int, Bool)?
        func better(_ t: Double, _ c: Int, _ p: Int, _ isEnd: Bool) -> Bool {
            guard let b = best else { return true }
            if t != b.0 { return t < b.0 }
            if isEnd != b.3 { return isEnd }
            return (c, p) < (b.1, b.2)
        }
        for tr in active {
            let t = now + (tr.rate > 0 ? max(0, tr.remaining) / tr.rate : .infinity)
            if better(t, tr.core, tr.pipe, true) { best = (t, tr.core, tr.pipe, true) }
        }
        for k in waiting {
            let i = Int(k)
            if better(pendingStart[i], i / 4, i % 4, false) { best = (pendingStart[i], i / 4, i % 4, false) }
        }
        return best
    }

    mutating func advanceFluid(to t: Double) {
        let dt = t - now
        if dt > 0 { for i in active.indices { active[i].remaining -= active[i].rate * dt } }
        now = max(now, t)
    }

    /// A transfer's bytes start moving.
    mutating func startTransfer(_ c: Int, _ p: Int) {
        pendingStart[c * 4 + p] = -1
        if let k = waiting.firstIndex(of: Int32(c * 4 + p)) { waiting.swapAt(k, waiting.count - 1); waiting.removeLast() }
        let r = streams[c][Int(cores[c].pipes[p].flightRec)]
        var bytes = r.amount
        var tr = Transfer(core: c, pipe: p, remaining: 0, cap: p == 2 ? m.mte2BytesPerCycle : m.mte3BytesPerCycle)
        if r.kind == .dmaAtomic {
            tr.regionStart = Int(r.regionStart)
            tr.regionCount = Int(r.regionCount)
            var conflict = false
            for key in regions[c].run(UInt32(tr.regionStart), tr.regionCount).lazy.map(UInt64.init) {
                let n = regionRefs[key] ?? 0
                if n > 0 { conflict = true }
                regionRefs.set(key, n + 1)
            }
            if conflict { bytes *= 1 + m.atomicConflictPenalty }
        }
        if bytes <= 0 {
            finish(c, p, at: now)
            return
        }
        if l2 != nil && r.spanCount > 0 {
            let mine = spans[c].run(r.spanStart, 2 * Int(r.spanCount))
            if r.kind == .dmaRead {
                let (miss, fill, total) = l2!.read(mine)
                if total > 0 {
                    tr.hbm = fill / total
                    tr.hit = max(0, 1 - miss / total)
                }
            } else {
                l2!.write(mine)
            }
        }
        // Requests after the first interleave their overheads with the bytes: the transfer moves
        // no faster than bytes / ((requests - 1) x overhead + bytes / engine rate), so that alone
        // it takes exactly requests x overhead + bytes / rate, and many small requests from many
        // cores do not all contend for HBM at once as one lump.
        if r.requests > 1 {
            tr.cap = bytes / (Double(r.requests - 1) * m.dmaRequestCycles + bytes / tr.cap)
        }
        tr.remaining = bytes
        // `active` is kept in `reshare`'s order, (cap x hbm, core, pipe): both are fixed once a
        // transfer starts, and (core, pipe) is unique among moving transfers, so the order is
        // total and inserting in place gives the same sequence a sort would.
        var at = active.count
        while at > 0 && Self.sharesAfter(active[at - 1], tr) { at -= 1 }
        active.insert(tr, at: at)
        reshare()
    }

    /// The transfer of (c, p) has moved its bytes.
    mutating func endTransfer(_ c: Int, _ p: Int) {
        guard let i = active.firstIndex(where: { $0.core == c && $0.pipe == p }) else { return }
        let tr = active.remove(at: i)
        for key in regions[c].run(UInt32(tr.regionStart), tr.regionCount).lazy.map(UInt64.init) {
            if let n = regionRefs[key] { if n <= 1 { regionRefs.remove(key) } else { regionRefs.set(key, n - 1) } }
        }
        reshare()
        finish(c, p, at: now)
    }

    mutating func finish(_ c: Int, _ p: Int, at e: Double) {
        var pipe = cores[c].pipes[p]
        let r = streams[c][Int(pipe.flightRec)]
        pipe.inFlight = false
        pipe.free = e
        pipe.allDone = max(pipe.allDone, e + (r.kind == .dmaRead ? m.readLatency : m.writeLatency))
        pipe.busy += e - pipe.flightStart
        cores[c].pipes[p] = pipe
        span(c, p, r.pc, pipe.flightStart, e)
        dirty[c] = true
    }

    /// Rates of the moving transfers.
    ///
    /// 1. HBM (`gmBytesPerCycle`) is shared max-min fairly in HBM bytes: a transfer moving at
    ///    rate r uses r x hbm of it and wants at most cap x hbm. In order of (cap x hbm, core,
    ///    pipe) each takes min(cap x hbm, an equal share of what is left) and moves at that / hbm.
    ///    A transfer with no HBM bytes (all hits) moves at its cap. With every transfer at
    ///    hbm = 1 (no L2, or all misses) this is exactly the model without an L2.
    /// 2. If the hits then exceed `l2BytesPerCycle`, the transfers with hits are cut back, max-min
    ///    fairly in hit bytes (each capped by its rate from step 1). The HBM bandwidth this frees
    ///    is not handed out again (a simplification; unlimited by default, so never reached).
    ///
    /// `active` is already in that order (`startTransfer` inserts in place; removal keeps it).
    mutating func reshare() {
        var left = m.gmBytesPerCycle
        var n = Double(active.count)
        for i in active.indices {
            let h = active[i].hbm
            if h <= 0 {
                active[i].rate = active[i].cap
            } else {
                let u = min(active[i].cap * h, left / n)
                active[i].rate = h == 1 ? u : min(active[i].cap, u / h)
                left -= u
            }
            n -= 1
        }
        let limit = m.l2BytesPerCycle
        if limit.isFinite {
            var hits: Double = 0
            for t in active { hits += t.rate * t.hit }
            if hits > limit { shareL2Hits(limit) }
        }
    }

    /// Does `a` come after `b` in `reshare`'s order (cap x hbm, core, pipe)?
    @inline(__always) static func sharesAfter(_ a: Transfer, _ b: Transfer) -> Bool {
        (a.cap * a.hbm, a.core, a.pipe) > (b.cap * b.hbm, b.core, b.pipe)
    }

    /// Step 2 of `reshare`: max-min fair shares of the L2 hit bandwidth.
    mutating func shareL2Hits(_ limit: Double) {
        let users = active.indices.filter { active[$0].hit > 0 }.sorted {
            (active[$0].rate * active[$0].hit, active[$0].core, active[$0].pipe) < (active[$1].rate * active[$1].hit, active[$1].core, active[$1].pipe)
        }
        var left = limit
        var n = Double(users.count)
        for i in users {
            let want = active[i].rate * active[i].hit
            let u = min(want, left / n)
            active[i].rate = u / active[i].hit
            left -= u
            n -= 1
        }
    }

    func report(outputs: [String: [UInt8]], bindings: [GMBinding], opcodeCounts: [String: Int], instructions: Int,
                instructionsPerCore: [Int], functionalSeconds: Double, timingSeconds: Double) -> RunReport {
        let kernel = cores.map(\.endTime).max() ?? 0
        var total = PipeBusy(), meanRatio = PipeBusy()
        var profiles: [CoreProfile] = []
        for (i, c) in cores.enumerated() {
            var b = PipeBusy()
            b.scalar = c.scalarBusy
            b.vector = c.pipes[1].busy
            b.mte2 = c.pipes[2].busy
            b.mte3 = c.pipes[3].busy
            var r = PipeBusy()
            for p in Pipe.allCases {
                r[p] = kernel > 0 ? b[p] / kernel : 0
                total[p] += b[p]
                meanRatio[p] += r[p] / Double(cores.count)
            }
            profiles.append(CoreProfile(cycles: c.endTime, busy: b, ratios: r, instructions: instructionsPerCore[i]))
        }
        let launch = m.launchCycles
        let all = kernel + launch
        let sorted = timeline.sorted { ($0.start, $0.core, $0.pipe.rawValue, $0.pc) < ($1.start, $1.core, $1.pipe.rawValue, $1.pc) }
        return RunReport(cycles: all, kernelCycles: kernel, microseconds: all / (m.clockGHz * 1000), launchCycles: launch,
                         cores: profiles, busy: total, ratios: meanRatio, opcodeCounts: opcodeCounts, instructions: instructions,
                         timeline: sorted, flagEdges: flagEdges, outputs: outputs, bindings: bindings,
                         functionalSeconds: functionalSeconds, timingSeconds: timingSeconds)
    }
}

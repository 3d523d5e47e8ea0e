import Interpreter
import ISA
import NPY

/// The forward kernel's configuration (its `-D` values) and the host-side plan that goes with it:
/// the UB budget, the bands of each level and the level table. See docs/MSDA-forward.md.
public struct MSDAForwardPlan: Sendable, Equatable {
    /// Storage type of every GM tensor: fp16 (2 bytes) or fp32.
    public var f16: Bool
    /// The fused 4-byte (x0, x1) gather with the slot remap (fp16 only).
    public var fused: Bool
    /// Training mode: the gathered corners are stored too.
    public var train: Bool
    /// Queries per block (QB, a multiple of 16); N = P * QB lanes per (unit, level).
    public var queriesPerBlock: Int
    public var points: Int
    /// D the accumulator is sized for (the shape's D).
    public var channels: Int
    /// Plane buffers (2 = double-buffered across channels).
    public var planeBuffers: Int
    public var ubBytes: Int
    /// Band capacity of one plane buffer in bytes (`sizeof(PB0) - 32` of the assembled kernel).
    public var planeCapacity: Int
    /// Per level: rows per band R and number of bands.
    public var bands: [(rows: Int, count: Int)]
    /// Cycle estimate used to choose the plan (not a measurement).
    public var estimatedCycles: Double
    /// With `fused`: the padding fix (slot remap, `-D PADFIX=1`). Off only for the ablation: the
    /// pairs at UB byte 30 mod 32 then come back wrong on the chip (strict mode: an error).
    public var padFix: Bool = true
    /// The plan searched every block size for the smallest estimate (the adaptive vector
    /// length); false: the fixed vector length of `MSDAForwardPlan.fixedQueriesPerBlock`.
    public var adaptive: Bool = true
    /// DEFA point pruning (`-D PRUNE=1`, kernels/msda_fwd_defa.inc): the kernel takes the
    /// threshold as its `pthr` parameter. Set by the driver after `choose` (docs/DEFA.md).
    public var prune: Bool = false
    /// DEFA's three-multiply bilinear form (`-D BILIN3=1`) instead of the folded corner weights.
    public var threeMultiplyBilinear: Bool = false

    /// The plane layout is the remapped one of the padding fix (fused with the fix on).
    public var remapped: Bool { fused && padFix }

    public static func == (a: Self, b: Self) -> Bool {
        a.f16 == b.f16 && a.fused == b.fused && a.train == b.train && a.queriesPerBlock == b.queriesPerBlock
            && a.points == b.points && a.channels == b.channels && a.planeBuffers == b.planeBuffers && a.ubBytes == b.ubBytes
            && a.planeCapacity == b.planeCapacity && a.bands.map(\.rows) == b.bands.map(\.rows) && a.bands.map(\.count) == b.bands.map(\.count)
            && a.padFix == b.padFix && a.adaptive == b.adaptive
            && a.prune == b.prune && a.threeMultiplyBilinear == b.threeMultiplyBilinear
    }

    /// Bytes per stored element.
    public var elementSize: Int { f16 ? 2 : 4 }

    /// The assembler `-D` definitions of this plan.
    public var defines: [String: String] {
        ["F16": f16 ? "1" : "0", "FUSED": fused ? "1" : "0", "TRAIN": train ? "1" : "0", "QB": "\(queriesPerBlock)",
         "NP": "\(points)", "DMAX": "\(channels)", "NBUF": "\(planeBuffers)", "UB": "\(ubBytes)", "PADFIX": padFix ? "1" : "0",
         "PRUNE": prune ? "1" : "0", "BILIN3": threeMultiplyBilinear ? "1" : "0"]
    }

    // MARK: - Mirror of the kernel's static UB layout

    /// `sizeof(PB0) - 32` for these -D values, computed exactly as the `.buffer` list of
    /// kernels/msda_fwd.asm lays it out (every size there is a multiple of 32). The driver checks
    /// it against the assembled program, so a drift between the two is an error, not a wrong plan.
    static func planeCapacity(f16: Bool, fused: Bool, train: Bool, qb: Int, points: Int, channels: Int, buffers: Int, ub: Int) -> Int {
        func align(_ x: Int) -> Int { (x + 31) / 32 * 32 }
        let n = points * qb, es = f16 ? 2 : 4
        var total = 8 * 128                                  // LT
        if train { total += 32 }                             // ZOFF
        if f16 { total += 3 * n * 2 }                        // XR YR AR
        total += 8 * n * 4                                   // F1 F2 F3 H0 W0 T1 T2 TI
        total += 2 * 2 * n * 4                               // W12 W34
        total += fused ? 2 * n * 4 : 4 * n * 4 + 2 * n * 4   // OFF (+ PAT)
        total += 3 * align(n / 8) + align(2 * n / 8)         // MA MB MC ALT
        total += (train ? 2 : 1) * 4 * n * es                // GB0 (GB1)
        if f16 { total += 4 * n * 4 }                        // G32
        else if train { total += 2 * 2 * n * 4 }             // BA BB
        total += channels * qb * 8                           // ACC
        let buffer = (ub - total) / buffers / 32 * 32
        return buffer - 32
    }

    // MARK: - Bands (the same arithmetic as the kernel's band_loop)

    /// Padded rows and row length of a level.
    static func padded(_ level: MSDAShape.Level) -> (hp: Int, wp: Int) { (level.height + 2, level.width + 2) }

    /// Remapped position of slot s (fused layout): 15 slots and one copy of the next per 16.
    @inline(__always) static func remap(_ s: Int) -> Int { s + s / 15 }

    /// Elements of a level's padded plane in GM. In this and the band functions below `fused`
    /// means the remapped layout (`MSDAForwardPlan.remapped`: fusion with the padding fix); fusion
    /// without the fix has the plain layout.
    static func planeElements(_ level: MSDAShape.Level, fused: Bool) -> Int {
        let (hp, wp) = padded(level)
        return fused ? remap(hp * wp - 1) + 2 : hp * wp
    }

    /// GM byte offset (inside the plane) and byte count of band j with R rows per band.
    static func band(_ level: MSDAShape.Level, rows r: Int, index j: Int, fused: Bool, elementSize es: Int) -> (start: Int, bytes: Int) {
        let (hp, wp) = padded(level)
        let r0 = j * (r - 1), rows = min(r, hp - r0)
        let a = r0 * wp
        if fused {
            let e = a + rows * wp - 1
            let start = 32 * (a / 15)
            return (start, 2 * (remap(e) + 1) - start)
        }
        return (a * es, rows * wp * es)
    }

    /// R and the band count for a level within `capacity` bytes, or nil if two padded rows do not fit.
    static func chooseBands(_ level: MSDAShape.Level, capacity: Int, fused: Bool, elementSize es: Int) -> (rows: Int, count: Int)? {
        let (hp, wp) = padded(level)
        func fits(_ r: Int) -> Int? {
            let count = (hp - 1 + r - 2) / (r - 1)
            for j in 0..<count where band(level, rows: r, index: j, fused: fused, elementSize: es).bytes > capacity { return nil }
            return count
        }
        if let c = fits(hp) { return (hp, c) }
        let rowBytes = wp * es * (fused ? 16 : 15) / 15
        var r = min(hp - 1, max(2, capacity / max(1, rowBytes)))
        while r >= 2 {
            if let c = fits(r) { return (r, c) }
            r -= 1
        }
        return nil
    }

    // MARK: - Choosing a plan

    /// The plan with the smallest estimated time for this shape and machine: every QB (multiple
    /// of 16 up to the queries) and both plane-buffer counts whose UB layout fits and whose
    /// levels can be banded; `queriesPerBlock` / `planeBuffers` pin a choice. `adaptive: false`
    /// (the ablation of the adaptive vector length) does not search QB: per plane-buffer count it
    /// takes `fixedQueriesPerBlock`, the vector length a design sized for its largest level uses.
    public static func choose(shape: MSDAShape, f16: Bool, fused: Bool, train: Bool, machine: Machine, cores: Int,
                              queriesPerBlock: Int? = nil, planeBuffers: Int? = nil,
                              padFix: Bool = true, adaptive: Bool = true) throws(MSDAForwardError) -> MSDAForwardPlan {
        let es = f16 ? 2 : 4
        let qMax = (shape.queries + 15) / 16 * 16
        var candidates: [Int] = []
        if let q = queriesPerBlock {
            guard q >= 16, q % 16 == 0 else { throw MSDAForwardError(.plan, "queries per block must be a positive multiple of 16, got \(q)") }
            candidates = [q]
        } else {
            var q = 16
            while q <= min(qMax, 4096) { candidates.append(q); q += q < 128 ? 16 : q < 512 ? 32 : 128 }
            if candidates.last! < min(qMax, 4096) { candidates.append(min(qMax, 4096)) }
        }
        let bufferChoices = planeBuffers.map { [$0] } ?? [2, 1]
        var best: MSDAForwardPlan?
        var lastProblem = "no block size fits the \(machine.ubBytes)-byte UB"
        let remapped = fused && padFix
        for nbuf in bufferChoices {
            guard nbuf == 1 || nbuf == 2 else { throw MSDAForwardError(.plan, "plane buffers must be 1 or 2, got \(nbuf)") }
            var blockSizes = candidates
            if !adaptive, queriesPerBlock == nil {
                blockSizes = [fixedQueriesPerBlock(shape: shape, candidates: candidates, f16: f16, fused: fused, remapped: remapped,
                                                   train: train, buffers: nbuf, ub: machine.ubBytes)]
            }
            for qb in blockSizes {
                let cap = planeCapacity(f16: f16, fused: fused, train: train, qb: qb, points: shape.points,
                                        channels: shape.channels, buffers: nbuf, ub: machine.ubBytes)
                if cap < 32 { continue }
                var bands: [(rows: Int, count: Int)] = []
                var ok = true
                for (l, level) in shape.levels.enumerated() {
                    guard let b = chooseBands(level, capacity: cap, fused: remapped, elementSize: es) else {
                        let wp = level.width + 2
                        lastProblem = "level \(l) (\(level.height)x\(level.width)): two padded rows (\(2 * wp * es) bytes) do not fit in the \(cap) bytes left for a plane buffer"
                        ok = false
                        break
                    }
                    bands.append(b)
                }
                if !ok { continue }
                var plan = MSDAForwardPlan(f16: f16, fused: fused, train: train, queriesPerBlock: qb, points: shape.points,
                                           channels: shape.channels, planeBuffers: nbuf, ubBytes: machine.ubBytes,
                                           planeCapacity: cap, bands: bands, estimatedCycles: 0, padFix: padFix, adaptive: adaptive)
                plan.estimatedCycles = plan.estimate(shape: shape, machine: machine, cores: cores)
                if best == nil || plan.estimatedCycles < best!.estimatedCycles { best = plan }
            }
        }
        guard let best else { throw MSDAForwardError(.plan, "\(shape): \(lastProblem)") }
        return best
    }

    /// The vector length without adaptation (xMSDA's ablation of the adaptive vector length): one
    /// QB for all levels, the largest with which the largest level's whole plane fits the plane
    /// buffer (one band), as a design that keeps each plane resident must size its vectors for
    /// the worst level; the smallest candidate (16) when no QB makes it fit (that level is banded).
    static func fixedQueriesPerBlock(shape: MSDAShape, candidates: [Int], f16: Bool, fused: Bool, remapped: Bool,
                                     train: Bool, buffers: Int, ub: Int) -> Int {
        let es = f16 ? 2 : 4
        var best = candidates.first ?? 16
        for qb in candidates {
            let cap = planeCapacity(f16: f16, fused: fused, train: train, qb: qb, points: shape.points,
                                    channels: shape.channels, buffers: buffers, ub: ub)
            guard cap >= 32 else { continue }
            let whole = shape.levels.allSatisfy { level in
                let (hp, _) = padded(level)
                return chooseBands(level, capacity: cap, fused: remapped, elementSize: es).map { $0.rows == hp } ?? false
            }
            if whole { best = max(best, qb) }
        }
        return best
    }

    /// A rough cycle estimate of the critical core from the machine's cost constants: per unit,
    /// the plane copies (MTE2: bytes / rate + one request each) against the vector work
    /// (prep, per-band offsets, per channel gather + widen + multiply-add), overlapped when the
    /// planes are double-buffered; times the units of the busiest core.
    func estimate(shape: MSDAShape, machine m: Machine, cores: Int) -> Double {
        let es = elementSize, qb = queriesPerBlock, n = points * qb
        let units = shape.batch * shape.heads * ((shape.queries + qb - 1) / qb)
        let perCore = Double((units + cores - 1) / cores)
        func vec(_ c: VectorCostClass, _ bytes: Int) -> Double { m.cost(c).perRepeat * Double((bytes + 255) / 256) }
        let gather: Double = fused ? vec(.gather32, 2 * n * 4) : vec(f16 ? .gather16 : .gather32, 4 * n * es)
        let widen: Double = f16 ? vec(.convert, 4 * n * 4) : 0
        let mla: Double = Double(2 * points) * (vec(.binary, 2 * qb * 4) + 1)
        let channel: Double = gather + widen + mla + 6
        let prep: Double = 40 * vec(.binary, n * 4)
        let bandPrep: Double = Double(fused ? 24 : 14) * vec(.binary, n * 4)
        var mte2 = 0.0, v = 0.0, exposed = 0.0
        for (l, level) in shape.levels.enumerated() {
            let b = bands[l]
            mte2 += 3 * (Double(n * es) / m.mte2BytesPerCycle + Double(points) * m.dmaRequestCycles)
            v += prep
            for j in 0..<b.count {
                let bytes = Double(Self.band(level, rows: b.rows, index: j, fused: remapped, elementSize: es).bytes)
                let copy = bytes / m.mte2BytesPerCycle + m.dmaRequestCycles
                mte2 += Double(shape.channels) * copy
                v += bandPrep + Double(shape.channels) * channel
                if planeBuffers == 1 { exposed += Double(shape.channels) * min(copy + m.readLatency, gather + copy) }
            }
        }
        let store: Double = train ? Double(shape.levelCount * shape.channels * 4 * n * es) / m.mte3BytesPerCycle : 0
        let unit: Double = planeBuffers == 2 ? max(mte2, v, store) : max(v + exposed, mte2, store)
        let tail: Double = vec(.reduce, shape.channels * qb * 8) + 300
        return perCore * (unit + tail)
    }

    // MARK: - The level table

    /// `[L, 16]` i64 rows as the kernel reads them (field offsets LT_* in kernels/msda_fwd.asm).
    func levelTable(shape: MSDAShape) -> (rows: [Int64], recordBytes: Int, planeOffsets: [Int]) {
        var rows: [Int64] = []
        var offset = 0
        var offsets: [Int] = []
        for (l, level) in shape.levels.enumerated() {
            let (hp, wp) = Self.padded(level)
            let b = bands[l]
            var row = [Int64](repeating: 0, count: 16)
            row[0] = Int64(level.height)
            row[1] = Int64(level.width)
            row[2] = Int64(wp)
            row[3] = Int64(hp)
            row[4] = Int64(offset)
            row[5] = Int64(b.rows)
            row[6] = Int64(b.count)
            row[7] = Int64(Float(level.height).bitPattern)
            row[8] = Int64(Float(level.width).bitPattern)
            row[9] = Int64(Float(wp).bitPattern)
            row[10] = Int64((Float(b.rows) - 1.5).bitPattern)
            row[11] = Int64(wp * elementSize)
            rows += row
            offsets.append(offset)
            offset += (Self.planeElements(level, fused: remapped) * elementSize + 31) / 32 * 32
        }
        return (rows, offset, offsets)
    }
}

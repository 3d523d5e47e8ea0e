import Interpreter
import ISA

extension MSDAKernels {
    /// The backward kernel's file name.
    public static let backward = "msda_bwd.asm"
}

/// The backward kernel's configuration (its `-D` values) and the host-side plan: the UB budget
/// (a mirror of kernels/msda_bwd.asm's buffer list), the level table and the grad_value layout.
/// See docs/MSDA-backward.md.
public struct MSDABackwardPlan: Sendable, Equatable {
    /// Queries per block (QB, a multiple of 16); N = P * QB lanes per (unit, level).
    public var queriesPerBlock: Int
    public var points: Int
    /// D the buffers are sized for (the shape's D).
    public var channels: Int
    /// fp16 storage (`-D F16=1`): corners, locations/weights, grad_output, grad_attn and grad_loc
    /// are fp16 in GM; grad_value is accumulated in fp32 in GM either way.
    public var f16: Bool = false
    public var ubBytes: Int
    /// Cycle estimate used to choose the plan (not a measurement).
    public var estimatedCycles: Double
    /// `-D GATHER=1`: no stored corners; the kernel gathers them from the value planes (the
    /// forward's host layout), a plane or band per channel in PB0/PB1.
    public var gather: Bool = false
    /// GATHER with fp16: the fused 4-byte pair gather on the remapped planes (`-D FUSED=1`).
    public var fused: Bool = false
    /// GATHER: plane buffers (2: double-buffered across channels), their band capacity in bytes
    /// (`sizeof(PB0) - 32` of the assembled kernel) and per level the rows per band and bands.
    public var planeBuffers: Int = 0
    public var planeCapacity: Int = 0
    public var bandRows: [Int] = []
    public var bandCounts: [Int] = []
    /// `-D SFUSE`: one scatter piece per (sample, row) (the pair (x0, x1)); false: one
    /// scatter_add per pixel (four per sample and point, pieces of D floats).
    public var scatterFusion: Bool = true
    /// `-D STAGGER`: odd cores run their levels in reverse order.
    public var staggeredWrites: Bool = false

    /// The assembler `-D` definitions of this plan.
    public var defines: [String: String] {
        var d = ["QB": "\(queriesPerBlock)", "NP": "\(points)", "DMAX": "\(channels)", "UB": "\(ubBytes)"]
        if f16 { d["F16"] = "1" }
        if gather {
            d["GATHER"] = "1"
            d["FUSED"] = fused ? "1" : "0"
            d["NBUF"] = "\(planeBuffers)"
        }
        if !scatterFusion { d["SFUSE"] = "0" }
        if staggeredWrites { d["STAGGER"] = "1" }
        return d
    }

    /// The layout of the value planes the GATHER kernel reads: the forward's (docs/MSDA-forward.md,
    /// "Host layouts") for an inference plan with this plan's plane buffers and bands, so the
    /// forward's host code builds them (`MSDAForward.kernelArguments`) and its level table gives
    /// the record and plane offsets.
    var valuePlan: MSDAForwardPlan {
        MSDAForwardPlan(f16: f16, fused: fused, train: false, queriesPerBlock: queriesPerBlock, points: points, channels: channels,
                        planeBuffers: max(1, planeBuffers), ubBytes: ubBytes, planeCapacity: planeCapacity,
                        bands: zip(bandRows, bandCounts).map { (rows: $0, count: $1) }, estimatedCycles: 0)
    }

    /// UB bytes the kernel's `.buffer` list takes for these -D values (every size a multiple of 32).
    /// The driver checks it against the assembled program (`MSDABackward.assemble`).
    /// GATHER: the buffers before the plane buffers (which take the rest: `planeCapacity`).
    static func ubUse(qb: Int, points: Int, channels d: Int, f16: Bool = false, gather: Bool = false, fused: Bool = false,
                      scatterFusion: Bool = true) -> Int {
        func align(_ x: Int) -> Int { (x + 31) / 32 * 32 }
        let n = points * qb
        var total = 8 * 128                       // LT
        total += 3 * d * qb * 8                   // TAB GREP G2
        total += 12 * n * 4                       // XI YI AI TH TW TI H0 W0 HH LH AV T1 T2 minus one
        total += n * 4                            // (13 buffers of N floats in all)
        total += 9 * 2 * n * 4                    // HWLW BA BB W12 W34 W12A W34A PM OFF
        total += (gather ? 2 : 3) * 4 * n * 4     // DK CB0 (CB1: stored corners only)
        total += 3 * n * 4                        // GA GX GY
        total += 2 * align(n / 8) + align(2 * n / 8)   // MA MB ALT
        total += 2 * qb * d * 8                   // PC0 PC1
        if f16 {                                  // (GH is aliased on G2: no bytes of its own)
            total += 3 * n * 2                    // XH YH AH
            if !gather { total += 2 * 4 * n * 2 } // CH0 CH1
        }
        if gather {
            total += fused ? 2 * n * 4 : 4 * n * 4 + 2 * n * 4   // GOFF (+ PAT)
            total += align(n / 8)                 // MC
            if f16 { total += 4 * n * 2 }         // CHG
        }
        if !scatterFusion { total += 4 * n * 4 + 2 * n * 4 + qb * d * 4 }   // WS OFFR G1
        return total
    }

    /// GATHER: `sizeof(PB0) - 32` for `buffers` plane buffers after `used` bytes (the kernel's
    /// PLANEBUF); negative when nothing is left.
    static func planeCapacity(used: Int, buffers: Int, ub: Int) -> Int { (ub - used) / buffers / 32 * 32 - 32 }

    /// The plan with the smallest estimate for this shape: every QB (multiple of 16 up to the
    /// queries, at most 1024) whose buffers fit the UB; `queriesPerBlock` pins one.
    /// GATHER: also both plane-buffer counts, with the bands of every level for the capacity left
    /// (`MSDAForwardPlan.chooseBands`, the forward's arithmetic); QB values whose levels cannot be
    /// banded are skipped.
    public static func choose(shape: MSDAShape, machine: Machine, cores: Int, queriesPerBlock: Int? = nil, planeBuffers: Int? = nil, f16: Bool = false,
                              gather: Bool = false, scatterFusion: Bool = true, staggeredWrites: Bool = false) throws(MSDABackwardError) -> MSDABackwardPlan {
        let qMax = (shape.queries + 15) / 16 * 16
        var candidates: [Int] = []
        if let q = queriesPerBlock {
            guard q >= 16, q % 16 == 0 else { throw MSDABackwardError(.plan, "queries per block must be a positive multiple of 16, got \(q)") }
            candidates = [q]
        } else {
            var q = 16
            while q <= min(qMax, 1024) { candidates.append(q); q += 16 }
        }
        if let b = planeBuffers, b != 1 && b != 2 { throw MSDABackwardError(.plan, "plane buffers must be 1 or 2, got \(b)") }
        var best: MSDABackwardPlan?
        let fused = gather && f16, es = f16 ? 2 : 4
        var problem = "no block size of \(candidates.first ?? 16)+ queries fits the \(machine.ubBytes)-byte UB"
        for qb in candidates {
            let used = ubUse(qb: qb, points: shape.points, channels: shape.channels, f16: f16, gather: gather, fused: fused,
                             scatterFusion: scatterFusion)
            guard used <= machine.ubBytes else { continue }
            for buffers in gather ? (planeBuffers.map({ [$0] }) ?? [2, 1]) : [0] {
                var plan = MSDABackwardPlan(queriesPerBlock: qb, points: shape.points, channels: shape.channels, f16: f16,
                                            ubBytes: machine.ubBytes, estimatedCycles: 0, gather: gather, fused: fused,
                                            scatterFusion: scatterFusion, staggeredWrites: staggeredWrites)
                if gather {
                    let capacity = planeCapacity(used: used, buffers: buffers, ub: machine.ubBytes)
                    guard capacity >= 32 else { continue }
                    var rows: [Int] = [], counts: [Int] = []
                    for (l, level) in shape.levels.enumerated() {
                        guard let b = MSDAForwardPlan.chooseBands(level, capacity: capacity, fused: fused, elementSize: es) else {
                            problem = "level \(l) (\(level.height)x\(level.width)): two padded rows (\(2 * (level.width + 2) * es) bytes) do not fit in the \(capacity) bytes left for a plane buffer"
                            break
                        }
                        rows.append(b.rows)
                        counts.append(b.count)
                    }
                    guard rows.count == shape.levelCount else { continue }
                    plan.planeBuffers = buffers
                    plan.planeCapacity = capacity
                    plan.bandRows = rows
                    plan.bandCounts = counts
                }
                plan.estimatedCycles = plan.estimate(shape: shape, machine: machine, cores: cores)
                if best == nil || plan.estimatedCycles < best!.estimatedCycles { best = plan }
            }
        }
        guard let best else { throw MSDABackwardError(.plan, "\(shape): \(problem)") }
        return best
    }

    /// A rough estimate of the busiest core's cycles: per unit, MTE3 (one atomic request per
    /// piece, 2 P QB pieces of 8D bytes per level, plus the result stores), MTE2 (one corner copy
    /// of 2P blocks per channel and level, the grad_output rows) and V (2P vmla per channel, the
    /// pieces and the per-level elementwise work), the largest of the three per unit.
    /// GATHER: MTE2 copies each level's band(s) once per channel instead of the corners, and V
    /// adds per band the offsets and per channel the gather (and the fp16 widening). Without
    /// scatter fusion MTE3 sends twice the requests of half the bytes.
    func estimate(shape: MSDAShape, machine m: Machine, cores: Int) -> Double {
        let qb = queriesPerBlock, n = points * qb, d = shape.channels, L = Double(shape.levelCount)
        let units = shape.batch * shape.heads * ((shape.queries + qb - 1) / qb)
        let perCore = Double((units + cores - 1) / cores)
        func vec(_ c: VectorCostClass, _ bytes: Int) -> Double { m.cost(c).perRepeat * Double((bytes + 255) / 256) }
        let contiguous = qb >= shape.queries
        let cornerCopy = (contiguous ? 1 : Double(2 * points)) * m.dmaRequestCycles + Double(4 * n * 4) / m.mte2BytesPerCycle
        var planes = 0.0                          // GATHER: the band copies
        let pieces = Double(scatterFusion ? 2 * n : 4 * n), pieceBytes = Double(scatterFusion ? 8 * d : 4 * d)
        let mte3 = L * (pieces * (m.dmaRequestCycles + pieceBytes / m.mte3BytesPerCycle) + 3 * Double(points) * m.dmaRequestCycles)
        var v = L * (Double(d) * Double(2 * points) * (vec(.binary, 2 * qb * 4) + 1)
                     + Double(2 * points) * (vec(.dup, 2 * qb * d * 4) + vec(.binary, 2 * qb * d * 4))
                     + 60 * vec(.binary, n * 4)) + vec(.gather32, 2 * d * qb * 4)
        if gather {
            let es = f16 ? 2 : 4
            let gatherCost = fused ? vec(.gather32, 2 * n * 4) : vec(f16 ? .gather16 : .gather32, 4 * n * es)
            let widen = f16 ? vec(.convert, 4 * n * 4) : 0
            for (l, level) in shape.levels.enumerated() {
                for j in 0..<bandCounts[l] {
                    let bytes = Double(MSDAForwardPlan.band(level, rows: bandRows[l], index: j, fused: fused, elementSize: es).bytes)
                    let copy = bytes / m.mte2BytesPerCycle + m.dmaRequestCycles
                    planes += Double(d) * copy
                    v += Double(fused ? 24 : 14) * vec(.binary, n * 4) + Double(d) * (gatherCost + widen + 6)
                    if planeBuffers == 1 { v += Double(d) * (copy + m.readLatency) }
                }
            }
        }
        let mte2 = (gather ? planes : L * Double(d) * cornerCopy) + 2 * Double(qb) * m.dmaRequestCycles + L * 3 * Double(points) * m.dmaRequestCycles
        return perCore * (max(mte2, mte3, v) + 300)
    }

    // MARK: - Host layouts

    /// Bytes of one (b, m) grad_value record: per level a padded channel-last plane `[Hp, Wp, D]` f32.
    static func gradRecord(shape: MSDAShape) -> (bytes: Int, planeOffsets: [Int]) {
        var offset = 0
        var offsets: [Int] = []
        for level in shape.levels {
            offsets.append(offset)
            offset += (level.height + 2) * (level.width + 2) * shape.channels * 4
        }
        return (offset, offsets)
    }

    /// `[L, 16]` i64 rows as the kernel reads them (field offsets LT_* in kernels/msda_bwd.asm).
    func levelTable(shape: MSDAShape) -> [Int64] {
        let (_, offsets) = Self.gradRecord(shape: shape)
        var rows: [Int64] = []
        for (l, level) in shape.levels.enumerated() {
            let hp = level.height + 2, wp = level.width + 2
            var row = [Int64](repeating: 0, count: 16)
            row[0] = Int64(level.height)
            row[1] = Int64(level.width)
            row[2] = Int64(wp)
            row[3] = Int64(hp)
            row[4] = Int64(offsets[l])
            row[5] = Int64(Float(level.height).bitPattern)
            row[6] = Int64(Float(level.width).bitPattern)
            row[7] = Int64(Float(wp).bitPattern)
            row[8] = Int64(wp * shape.channels * 4)
            rows += row
        }
        if gather {
            // the value planes' fields (LT_VOFF .. LT_VROWB), from the forward's table of the same layout
            let (vrows, _, _) = valuePlan.levelTable(shape: shape)
            for l in 0..<shape.levelCount {
                let wp = shape.levels[l].width + 2
                rows[16 * l + 9] = vrows[16 * l + 4]       // plane offset in a (b, m, d) record
                rows[16 * l + 10] = Int64(bandRows[l])
                rows[16 * l + 11] = Int64(bandCounts[l])
                rows[16 * l + 12] = Int64((Float(bandRows[l]) - 1.5).bitPattern)
                rows[16 * l + 13] = Int64(wp * (f16 ? 2 : 4))
            }
        }
        return rows
    }

    /// The G2 transpose gather's offsets: entry (d, 2q + c) = (q * 2D + d) * 4, the byte of
    /// g_q[d] in GREP `[QB][2D]`. Depends only on QB and D.
    /// The same table for F16 (the kernel widens the fp16 rows into GREP before the gather).
    func transposeTable(channels d: Int) -> [UInt32] {
        let qb = queriesPerBlock
        var table = [UInt32](repeating: 0, count: d * 2 * qb)
        for c in 0..<d {
            for j in 0..<2 * qb { table[c * 2 * qb + j] = UInt32(((j / 2) * 2 * d + c) * 4) }
        }
        return table
    }
}

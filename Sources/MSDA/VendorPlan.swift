import Assembler
import ISA
import NPY

/// The vendor-style kernels' configuration (their `-D` values) and the host data that depends
/// on it: the per-lane pattern table. See docs/MSDA-vendor.md.
public struct MSDAVendorPlan: Sendable, Equatable {
    public var f16: Bool
    /// Queries per block (a unit is a batch and a block of queries).
    public var queriesPerBlock: Int
    public var heads: Int
    public var channels: Int
    /// L * P.
    public var samplesPerHead: Int
    public var ubBytes: Int
    public var cores: Int

    /// Lanes per (query, head) group: L * P padded so that a group's stored elements fill whole
    /// 32-byte blocks (kernels/vendor/msda_common.inc `LPP`).
    public var lanesPerGroup: Int { f16 ? (samplesPerHead + 15) / 16 * 16 : (samplesPerHead + 7) / 8 * 8 }
    /// Lanes of the per-sample vectors: QB * M * LPP.
    public var lanes: Int { queriesPerBlock * heads * lanesPerGroup }

    public var defines: [String: String] {
        ["F16": f16 ? "1" : "0", "QB": "\(queriesPerBlock)", "HEADS": "\(heads)", "CH": "\(channels)",
         "LP": "\(samplesPerHead)", "UB": "\(ubBytes)"]
    }

    /// Units of work: batches x blocks.
    public func units(shape: MSDAShape) -> Int { shape.batch * ((shape.queries + queriesPerBlock - 1) / queriesPerBlock) }

    /// The pattern table `[8, lanes]` (32-bit words) of msda_common.inc: per lane, the lane's
    /// level sizes (f32 and i32 forms), the byte offset of its (level start, head) in a batch's
    /// value, and the bytes of one row of pixels. Lanes are (query, head, level, point) in a
    /// block, padded per (query, head); padding lanes repeat the group's first sample's level.
    public func patternTable(shape s: MSDAShape) -> [UInt32] {
        let n = lanes, lpp = lanesPerGroup, es = f16 ? 2 : 4, md = s.heads * s.channels
        var table = [UInt32](repeating: 0, count: 8 * n)
        for lane in 0..<n {
            let group = lane / lpp, j = lane % lpp
            let m = group % s.heads
            let l = (j < samplesPerHead ? j : 0) / s.points
            let (h, w) = (s.levels[l].height, s.levels[l].width)
            table[lane] = Float(h).bitPattern
            table[n + lane] = Float(w).bitPattern
            table[2 * n + lane] = Float(h - 1).bitPattern
            table[3 * n + lane] = UInt32(truncatingIfNeeded: Int32(w))
            table[4 * n + lane] = UInt32(truncatingIfNeeded: Int32(w - 1))
            table[5 * n + lane] = UInt32(truncatingIfNeeded: Int32(max(w - 2, 0)))
            table[6 * n + lane] = UInt32(truncatingIfNeeded: Int32((s.levelStart[l] * md + m * s.channels) * es))
            table[7 * n + lane] = UInt32(truncatingIfNeeded: Int32(w * md * es))
        }
        return table
    }

    /// Bytes of one batch of value (the kernels' offsets are i32 bytes from a batch's start).
    static func batchBytes(_ s: MSDAShape, f16: Bool) -> Int { s.keys * s.heads * s.channels * (f16 ? 2 : 4) }

    /// Why `shape` cannot run on these kernels, or nil. The offsets the vector unit computes are
    /// i32 bytes within one batch of value (of grad_value in fp32 for the backward), plus the
    /// spare pixel; the input copies move M groups of one query in one DMA (count <= 4095).
    static func unsupported(_ s: MSDAShape, backward: Bool, f16: Bool) -> String? {
        let bytes = s.keys * s.heads * s.channels * (backward ? 4 : (f16 ? 2 : 4)) + s.heads * s.channels * 4
        if bytes >= 1 << 31 {
            return "\(s): one batch of \(backward ? "grad_value" : "value") is \(bytes) bytes; the kernel's i32 offsets reach 2^31"
        }
        if s.heads > 4095 { return "\(s): M = \(s.heads) heads exceed the 4095 blocks of one input copy" }
        return nil
    }

    /// The largest QB up to `limit` whose buffers fit the UB (found by assembling: the kernel's
    /// buffer list is the only authority on its size, so the driver keeps no mirror of it).
    /// Without a fit at QB = 1, the plan error quotes the assembler.
    static func choose<E: Error>(shape s: MSDAShape, f16: Bool, machine ubBytes: Int, cores: Int, pinned: Int?, path: String,
                                 fail: (String) -> E) throws(E) -> (MSDAVendorPlan, Program) {
        func plan(_ qb: Int) -> MSDAVendorPlan {
            MSDAVendorPlan(f16: f16, queriesPerBlock: qb, heads: s.heads, channels: s.channels, samplesPerHead: s.samplesPerHead,
                           ubBytes: ubBytes, cores: cores)
        }
        func attempt(_ qb: Int) -> (Program?, String) {
            let p = plan(qb)
            let result = Assembler.assemble(path: path, options: AssemblerOptions(defines: p.defines, ubSize: UInt32(ubBytes)))
            return (result.program, result.errors.prefix(5).map { "\($0)" }.joined(separator: "\n"))
        }
        if let pinned {
            guard pinned >= 1, pinned * s.heads <= 4095 else {
                throw fail("queries per block \(pinned) must be at least 1 and at most 4095 / M = \(4095 / s.heads)")
            }
            let (program, text) = attempt(pinned)
            guard let program else { throw fail("\(path) with QB = \(pinned) does not assemble:\n\(text)") }
            return (plan(pinned), program)
        }
        // The largest QB that fits (binary search on assembling), then, queries split evenly over
        // the cores: the QB up to it with the fewest queries on the busiest core (units are
        // dealt to the cores in turn), the larger QB on a tie (fewer preparations).
        var high = max(1, min(s.queries, 4095 / s.heads, 256))
        var low = 1
        let (p1, text1) = attempt(1)
        guard p1 != nil else { throw fail("\(path) does not fit the \(ubBytes)-byte UB even with one query per block:\n\(text1)") }
        while low < high {
            let mid = (low + high + 1) / 2
            if attempt(mid).0 != nil { low = mid } else { high = mid - 1 }
        }
        var bestQB = 1, bestLoad = Int.max
        for qb in 1...low {
            let units = s.batch * ((s.queries + qb - 1) / qb)
            let load = (units + cores - 1) / cores * qb
            if load <= bestLoad { bestLoad = load; bestQB = qb }
        }
        guard let program = attempt(bestQB).0 else { throw fail("\(path) with QB = \(bestQB) does not assemble") }
        return (plan(bestQB), program)
    }
}

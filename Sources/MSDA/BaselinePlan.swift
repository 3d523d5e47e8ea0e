import Assembler
import Interpreter
import ISA

/// The block sizes of the baseline's four kernels (kernels/baseline/*.asm), chosen per shape and
/// machine: the grid-sample kernels' samples per block N, the weighted-sum kernels' queries (QB)
/// and channels (DB) per unit. See docs/MSDA-baseline.md, "Plan".
public struct MSDABaselinePlan: Sendable, Equatable {
    public var f16: Bool
    /// grid_sample_fwd.asm: samples per block (multiple of 8).
    public var forwardSamplesPerBlock: Int
    /// grid_sample_bwd.asm: samples per block (multiple of 8).
    public var backwardSamplesPerBlock: Int
    /// weighted_sum_fwd.asm: queries and channels per unit.
    public var forwardQueriesPerBlock: Int
    public var forwardChannelsPerBlock: Int
    /// weighted_sum_bwd.asm: queries and channels per unit.
    public var backwardQueriesPerBlock: Int
    public var backwardChannelsPerBlock: Int
}

/// The four kernel files, relative to `kernels/` (found by `MSDAKernels.locate`).
enum MSDABaselineKernel: String, CaseIterable {
    case gridSampleForward = "baseline/grid_sample_fwd.asm"
    case weightedSumForward = "baseline/weighted_sum_fwd.asm"
    case weightedSumBackward = "baseline/weighted_sum_bwd.asm"
    case gridSampleBackward = "baseline/grid_sample_bwd.asm"
}

/// A failure while planning or assembling, with the message the callers wrap in their own error.
struct MSDABaselineAssemblyFailure: Error {
    var overflow: Bool
    var message: String
}

extension MSDABaselinePlan {
    /// Assembles `kernel` with `defines`; an error says whether the UB overflowed (the planner then
    /// tries a smaller block) or something else failed (a kernel or driver bug).
    static func assemble(_ kernel: MSDABaselineKernel, _ defines: [String: Int64], machine: Machine) throws(MSDABaselineAssemblyFailure) -> Program {
        let file: String
        do { file = try MSDAKernels.locate(kernel.rawValue) } catch { throw MSDABaselineAssemblyFailure(overflow: false, message: error.message) }
        var d = defines.mapValues { String($0) }
        d["UB"] = String(machine.ubBytes)
        let result = Assembler.assemble(path: file, options: AssemblerOptions(defines: d, ubSize: UInt32(machine.ubBytes)))
        guard let program = result.program else {
            let overflow = result.errors.contains { $0.id == "asm.ub-overflow" }
            let text = result.errors.prefix(5).map { "\($0)" }.joined(separator: "\n")
            throw MSDABaselineAssemblyFailure(overflow: overflow, message: "\(file) with \(d.sorted { $0.key < $1.key }.map { "-D \($0.key)=\($0.value)" }.joined(separator: " ")):\n\(text)")
        }
        return program
    }

    /// The largest N (multiple of 8, at most 256 and about a core's share of a level's samples)
    /// whose buffers fit the UB, then evened out over the blocks a core's share needs, with its
    /// program.
    static func gridSample(_ kernel: MSDABaselineKernel, shape s: MSDAShape, f16: Bool, machine: Machine, cores: Int) throws(MSDABaselineAssemblyFailure) -> (n: Int, program: Program) {
        let perCore = (s.batch * s.heads * s.queries * s.points + cores - 1) / max(1, cores)
        var n = min(256, max(8, (perCore + 7) / 8 * 8))
        var last = MSDABaselineAssemblyFailure(overflow: true, message: "")
        while n >= 8 {
            do {
                _ = try assemble(kernel, ["F16": f16 ? 1 : 0, "N": Int64(n), "D": Int64(s.channels)], machine: machine)
                // Even blocks: as many blocks as N needs, each as long as the share requires
                // (a short last block would leave the pipeline's tail unhidden). Smaller, so it fits.
                let blocks = (perCore + n - 1) / n
                n = min(n, ((perCore + blocks - 1) / blocks + 7) / 8 * 8)
                return (n, try assemble(kernel, ["F16": f16 ? 1 : 0, "N": Int64(n), "D": Int64(s.channels)], machine: machine))
            } catch {
                guard error.overflow else { throw error }
                last = error
            }
            n -= 8
        }
        throw MSDABaselineAssemblyFailure(overflow: true, message: "no samples-per-block N >= 8 fits the UB:\n\(last.message)")
    }

    /// The weighted-sum unit (QB queries x DB channels) with the smallest estimate of the busiest
    /// core among those that assemble, with its program.
    static func weightedSum(_ kernel: MSDABaselineKernel, shape s: MSDAShape, f16: Bool, machine: Machine, cores: Int) throws(MSDABaselineAssemblyFailure) -> (qb: Int, db: Int, program: Program) {
        let (L, P, D, Q) = (s.levelCount, s.points, s.channels, s.queries)
        let es = f16 ? 2.0 : 4.0
        let backward = kernel == .weightedSumBackward
        var qbs = Set([16, 32, 64, 128, 256, 512, 1024].filter { $0 < Q })
        qbs.insert((Q + 15) / 16 * 16)
        let dbs = (1...D).filter { D % $0 == 0 }
        // Estimate per unit: MTE2 (requests x overhead + bytes / rate) against the vector work.
        let request = machine.dmaRequestCycles, rate = machine.mte2BytesPerCycle
        var candidates: [(cost: Double, qb: Int, db: Int)] = []
        for qb in qbs where !(backward && qb * L * P * 4 > 65535) {
            for db in dbs {
                let qbc = min(qb, Q)
                let units = s.batch * s.heads * ((Q + qb - 1) / qb) * (D / db)
                let rowRequests = Double(qbc == Q ? 1 : db)
                let rowBytes = Double(db * qbc * P) * 4
                var mte2 = Double(L) * (rowRequests * request + rowBytes / rate) + request + Double(qbc * L * P) * es / rate
                var vector = Double(L * db) * (2.1 * Double((qb * P + 63) / 64) + 2) + 26.18 * Double((L * qb * P + 63) / 64)
                if backward {
                    mte2 += rowRequests * request + Double(db * qbc) * es / rate
                    vector *= 2
                }
                let rounds = Double((units + cores - 1) / max(1, cores))
                candidates.append((rounds * (max(mte2, vector) + 400), qb, db))
            }
        }
        candidates.sort { ($0.cost, -$0.qb, -$0.db) < ($1.cost, -$1.qb, -$1.db) }
        var last = MSDABaselineAssemblyFailure(overflow: true, message: "no candidate")
        for c in candidates {
            do {
                let p = try assemble(kernel, ["F16": f16 ? 1 : 0, "L": Int64(L), "P": Int64(P), "D": Int64(D),
                                              "QB": Int64(c.qb), "DB": Int64(c.db)], machine: machine)
                return (c.qb, c.db, p)
            } catch {
                guard error.overflow else { throw error }
                last = error
            }
        }
        throw MSDABaselineAssemblyFailure(overflow: true, message: "no weighted-sum unit fits the UB:\n\(last.message)")
    }

    /// u32 table [L][QB][P]: the byte offset of weight (q, l, p) in a [QB][L][P] f32 block.
    static func weightTable(levels L: Int, points P: Int, qb: Int) -> [UInt8] {
        var t: [UInt32] = []
        t.reserveCapacity(L * qb * P)
        for l in 0..<L { for q in 0..<qb { for p in 0..<P { t.append(UInt32(((q * L + l) * P + p) * 4)) } } }
        return t.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    }

    /// u32 table [QB][L][P]: the byte offset of (l, q, p) in an [L][QB][P] f32 block (the inverse).
    static func weightTableInverse(levels L: Int, points P: Int, qb: Int) -> [UInt8] {
        var t: [UInt32] = []
        t.reserveCapacity(L * qb * P)
        for q in 0..<qb { for l in 0..<L { for p in 0..<P { t.append(UInt32(((l * qb + q) * P + p) * 4)) } } }
        return t.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    }
}

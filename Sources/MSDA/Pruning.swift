/// DEFA's probability-aware point pruning on the host side: option checks, and the tensors a
/// pruned run is equivalent to (docs/DEFA.md).
public enum MSDAPruning {
    /// Sets the plan's DEFA switches from the options, refusing combinations the kernel does not
    /// have (both are inference-only; the three-multiply form needs unfused gathers and no pruning).
    static func configure(_ plan: inout MSDAForwardPlan, _ options: MSDAForwardOptions) throws(MSDAForwardError) {
        if let t = options.pruneThreshold {
            guard t.isFinite, t >= 0 else {
                throw MSDAForwardError(.input, "the pruning threshold must be a finite number >= 0, got \(t)")
            }
            guard !plan.train else { throw MSDAForwardError(.plan, "point pruning is an inference technique: it needs --mode infer") }
            plan.prune = true
        }
        if options.threeMultiplyBilinear {
            guard !plan.train else { throw MSDAForwardError(.plan, "the three-multiply bilinear form is inference-only: it needs --mode infer") }
            guard !plan.fused else {
                throw MSDAForwardError(.plan, "the three-multiply bilinear form needs the four corners apart: not with the fused fp16 pair gather (use fused: false)")
            }
            guard !plan.prune else { throw MSDAForwardError(.plan, "the three-multiply bilinear form and point pruning are separate switches: not both at once") }
            plan.threeMultiplyBilinear = true
        }
    }

    /// Whether a sample with attention weight `a` is pruned at `threshold`: |a| < threshold
    /// (written as two comparisons as the kernel does; NaN is never pruned, nothing is at 0).
    @inline(__always)
    public static func isPruned(_ a: Float, threshold: Float) -> Bool { a < threshold && a > -threshold }

    /// The inputs with every pruned sample's attention weight set to 0, and the number pruned.
    /// A pruned kernel run equals the unpruned kernel on these bit for bit: per query the
    /// kept samples are accumulated in the same order, and a zero weight adds an exact 0 to an
    /// accumulator that is never -0 (docs/DEFA.md, "Exactness").
    public static func zeroingPruned(_ t: MSDATensors, threshold: Float) -> (tensors: MSDATensors, pruned: Int) {
        var pruned = 0
        var weights = t.attentionWeights
        for i in weights.indices where isPruned(weights[i], threshold: threshold) {
            weights[i] = 0
            pruned += 1
        }
        // Same counts as t: the initializer cannot throw.
        let z = try! MSDATensors(shape: t.shape, value: t.value, samplingLocations: t.samplingLocations,
                                 attentionWeights: weights, gradOutput: t.gradOutput, storage: t.storage)
        return (z, pruned)
    }

    /// Per (b, m, query block of `queriesPerBlock`, level): the kernel's slot count K (the largest
    /// number of kept samples of any query of the block; 0 skips the level). Summed over the
    /// blocks and levels and divided by the unpruned P per block and level, it is the share of the
    /// per-channel gather and multiply-add work the pruned kernel still does.
    public static func slotCounts(_ t: MSDATensors, threshold: Float, queriesPerBlock qb: Int) -> [Int] {
        let s = t.shape
        let (Q, M, L, P) = (s.queries, s.heads, s.levelCount, s.points)
        var result: [Int] = []
        for b in 0..<s.batch {
            for m in 0..<M {
                var q0 = 0
                while q0 < Q {
                    for l in 0..<L {
                        var k = 0
                        for q in q0..<min(Q, q0 + qb) {
                            var kept = 0
                            for p in 0..<P where !isPruned(t.attentionWeights[(((b * Q + q) * M + m) * L + l) * P + p], threshold: threshold) {
                                kept += 1
                            }
                            k = max(k, kept)
                        }
                        result.append(k)
                    }
                    q0 += qb
                }
            }
        }
        return result
    }
}

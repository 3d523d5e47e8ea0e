/// The measurements behind docs/pruning.md: one workload, the unpruned kernel, the pruned kernel
/// for a sweep of thresholds, DEFA's three-multiply bilinear form, and FWP pixel masks; every
/// output compared with the Swift reference of the unpruned inputs (fp16: rounded to fp16).
public struct MSDAPruningSweep: Sendable {
    /// Max absolute and relative L2 error of an output against the reference.
    public struct Error: Sendable, Equatable {
        public var maxAbs: Double
        public var relativeL2: Double

        public init(_ ours: [Float], _ reference: [Float]) {
            var m = 0.0, num = 0.0, den = 0.0
            for (x, r) in zip(ours, reference) {
                let e = Double(x) - Double(r)
                m = max(m, e.isNaN ? .infinity : abs(e))
                num += e * e
                den += Double(r) * Double(r)
            }
            maxAbs = m
            relativeL2 = den > 0 ? (num / den).squareRoot() : num.squareRoot()
        }
    }

    public struct Point: Sendable {
        public var threshold: Float
        /// Samples whose weight is below the threshold (|a| < t), of `samples`.
        public var pruned: Int
        /// Kernel slot work left: sum over (b, m, block, level) of K, over P per block and level.
        public var slotShare: Double
        public var cycles: Double
        public var error: Error
    }

    public struct PixelPoint: Sendable {
        public var k: Double
        /// Pixels masked (all levels) of `pixels`.
        public var masked: Int
        public var pixels: Int
        /// Map rows every pixel of which is masked, over all rows.
        public var skippableRows: Int
        public var rows: Int
        public var cycles: Double
        public var error: Error
    }

    public var shape: MSDAShape
    public var samples: Int
    public var queriesPerBlock: Int
    /// The unpruned kernel (no pruning code).
    public var baselineCycles: Double
    public var baselineError: Error
    public var points: [Point]
    /// Three-multiply bilinear form: (cycles, error); standard form with the same plan: `bilinearStandard`.
    public var bilinear3: (cycles: Double, error: Error)?
    public var bilinearStandard: (cycles: Double, error: Error)?
    public var pixels: [PixelPoint]

    /// Runs everything with `options` (its `pruneThreshold` and `threeMultiplyBilinear` are
    /// set here). The block size is fixed to the unpruned plan's so that all runs compare alike.
    public static func run(tensors t: MSDATensors, thresholds: [Float], pixelKs: [Double],
                           options: MSDAForwardOptions, progress: (String) -> Void = { _ in }) throws(MSDAForwardError) -> MSDAPruningSweep {
        // fp16: the reference of the inputs as the kernel reads them (rounded to fp16), so that the
        // errors are pruning's, not the storage type's (docs/MSDA-forward.md, "Precision").
        let reference = MSDAReference.forward(options.dtype == .f16 ? MSDAForward.roundedToHalf(t) : t, threads: options.threads ?? 1)
        var o = options
        o.pruneThreshold = nil
        o.threeMultiplyBilinear = false
        progress("unpruned")
        let base = try MSDAForward.run(tensors: t, options: o)
        o.queriesPerBlock = base.plan.queriesPerBlock
        o.planeBuffers = base.plan.planeBuffers
        var sweep = MSDAPruningSweep(shape: t.shape, samples: t.shape.sampleCount, queriesPerBlock: base.plan.queriesPerBlock,
                                     baselineCycles: base.report.kernelCycles, baselineError: Error(base.output, reference),
                                     points: [], bilinear3: nil, bilinearStandard: nil, pixels: [])
        let p = t.shape.points
        for threshold in thresholds {
            progress("threshold \(threshold)")
            var po = o
            po.pruneThreshold = threshold
            let r = try MSDAForward.run(tensors: t, options: po)
            let pruned = t.attentionWeights.reduce(0) { $0 + (MSDAPruning.isPruned($1, threshold: threshold) ? 1 : 0) }
            let slots = MSDAPruning.slotCounts(t, threshold: threshold, queriesPerBlock: base.plan.queriesPerBlock)
            sweep.points.append(Point(threshold: threshold, pruned: pruned,
                                      slotShare: Double(slots.reduce(0, +)) / Double(slots.count * p),
                                      cycles: r.report.kernelCycles, error: Error(r.output, reference)))
        }
        if !(o.dtype == .f16 && o.fused) {
            progress("three-multiply bilinear")
            var bo = o
            bo.threeMultiplyBilinear = true
            let r = try MSDAForward.run(tensors: t, options: bo)
            sweep.bilinear3 = (r.report.kernelCycles, Error(r.output, reference))
            sweep.bilinearStandard = (base.report.kernelCycles, sweep.baselineError)
        }
        let stats = MSDASamplingStats.compute(t)
        for k in pixelKs {
            progress("pixel mask k = \(k)")
            let masks = stats.masks(k)
            let r = try MSDAForward.run(tensors: MSDAPixelPruning.apply(masks, to: t), options: o)
            let rows = MSDAPixelPruning.skippableRows(masks, shape: t.shape)
            sweep.pixels.append(PixelPoint(k: k, masked: masks.reduce(0) { $0 + $1.filter { $0 }.count },
                                           pixels: t.shape.keys, skippableRows: rows.reduce(0) { $0 + $1.rows },
                                           rows: t.shape.levels.reduce(0) { $0 + $1.height },
                                           cycles: r.report.kernelCycles, error: Error(r.output, reference)))
        }
        return sweep
    }
}

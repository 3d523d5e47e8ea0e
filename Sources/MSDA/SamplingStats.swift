/// How often each pixel of each level is read by the bilinear samples of one pass: DEFA's
/// frequency-weighted fmap pruning (FWP) drops the pixels sampled less than k times the mean.
///
/// A pixel is counted once for every in-map corner of every valid sample (b, q, m, l, p) that
/// reads it, whatever the corner's weight: a read is a read (the gather fetches it). Counts are
/// summed over the batch and the heads (the maps are shared by all heads of one image).
public struct MSDASamplingStats: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public var height: Int
        public var width: Int
        /// Row-major `[height * width]` read counts.
        public var counts: [Int]
        public var total: Int { counts.reduce(0, +) }
        public var mean: Double { Double(total) / Double(counts.count) }
        public var maximum: Int { counts.max() ?? 0 }
        /// Pixels read fewer than `k * mean` times.
        public func below(_ k: Double) -> Int {
            let limit = k * mean
            return counts.reduce(0) { $0 + (Double($1) < limit ? 1 : 0) }
        }
        public func shareBelow(_ k: Double) -> Double { Double(below(k)) / Double(counts.count) }
        /// The FWP mask: true for the pixels read fewer than `k * mean` times.
        public func mask(_ k: Double) -> [Bool] {
            let limit = k * mean
            return counts.map { Double($0) < limit }
        }
    }

    public var levels: [Level]
    /// Valid samples (all four corners of those in the map counted).
    public var validSamples: Int
    public var samples: Int

    /// The k values of the default sweep (brief: "share of pixels sampled less than k times the mean").
    public static let defaultKs: [Double] = [0.1, 0.25, 0.5, 0.75, 1.0]

    public static func compute(_ t: MSDATensors) -> MSDASamplingStats {
        let s = t.shape
        var levels = s.levels.map { Level(height: $0.height, width: $0.width, counts: [Int](repeating: 0, count: $0.pixels)) }
        var valid = 0
        let (Q, M, L, P) = (s.queries, s.heads, s.levelCount, s.points)
        for b in 0..<s.batch {
            for q in 0..<Q {
                for m in 0..<M {
                    for l in 0..<L {
                        let level = s.levels[l]
                        for p in 0..<P {
                            let i = (((b * Q + q) * M + m) * L + l) * P + p
                            let sample = BilinearSample(x: t.samplingLocations[2 * i], y: t.samplingLocations[2 * i + 1],
                                                        height: level.height, width: level.width, levelStart: 0)
                            guard sample.valid else { continue }
                            valid += 1
                            for key in [sample.k1, sample.k2, sample.k3, sample.k4] where key >= 0 {
                                levels[l].counts[key] += 1
                            }
                        }
                    }
                }
            }
        }
        return MSDASamplingStats(levels: levels, validSamples: valid, samples: s.sampleCount)
    }

    /// Per level, the FWP mask of `k` (true: pruned).
    public func masks(_ k: Double) -> [[Bool]] { levels.map { $0.mask(k) } }
}

/// Pixel pruning (FWP) applied to a forward pass: the masked pixels read as zero.
///
/// In the UB-gather design a plane is copied whole (or in bands of rows) and gathered from with
/// per-sample offsets: a masked pixel costs nothing extra to read, and leaving it out of the copy
/// saves bytes only where a whole padded row of a band is masked (a band copy is contiguous rows).
/// So the kernel runs unchanged on the masked values (zeroing a pixel is the same as zeroing its
/// weight in every sample that reads it), and `skippableRows` says what the row-granular copy
/// could save (docs/DEFA.md, "Pixel pruning").
public enum MSDAPixelPruning {
    /// The inputs with every masked pixel's value (all heads, all channels, every image) zeroed.
    public static func apply(_ masks: [[Bool]], to t: MSDATensors) -> MSDATensors {
        let s = t.shape
        var value = t.value
        let row = s.heads * s.channels
        for b in 0..<s.batch {
            for (l, mask) in masks.enumerated() {
                for (pixel, masked) in mask.enumerated() where masked {
                    let start = (b * s.keys + s.levelStart[l] + pixel) * row
                    for i in start..<(start + row) { value[i] = 0 }
                }
            }
        }
        // Same counts as t: the initializer cannot throw.
        return try! MSDATensors(shape: s, value: value, samplingLocations: t.samplingLocations,
                                attentionWeights: t.attentionWeights, gradOutput: t.gradOutput, storage: t.storage)
    }

    /// Per level: the map rows whose every pixel is masked (a band copy could leave them out),
    /// and the share of the level's pixels they hold.
    public static func skippableRows(_ masks: [[Bool]], shape: MSDAShape) -> [(rows: Int, share: Double)] {
        zip(masks, shape.levels).map { mask, level in
            var rows = 0
            for y in 0..<level.height where (0..<level.width).allSatisfy({ mask[y * level.width + $0] }) { rows += 1 }
            return (rows, Double(rows) / Double(level.height))
        }
    }
}

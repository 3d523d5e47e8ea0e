/// The sizes of one MSDA problem, validated.
///
/// Names follow the papers: bs = `batch`, L = `levels.count`, (H_l, W_l) = `levels[l]`,
/// S = `keys`, Q = `queries`, M = `heads`, D = `channels`, P = `points`.
/// Construction checks the ranges the kernels are written for (L and P in 1...8, D a multiple
/// of 8 up to 256, everything else at least 1) and that every tensor's element count, and its
/// size in bytes at 8 bytes per element, fits in `Int` (64 bits): the index arithmetic in this
/// module is all `Int`, so a shape that passes here cannot overflow anywhere downstream.
public struct MSDAShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// One feature-map level: height (rows) and width (columns) in pixels.
    public struct Level: Equatable, Hashable, Sendable {
        public var height: Int
        public var width: Int
        public init(height: Int, width: Int) {
            self.height = height
            self.width = width
        }
        public var pixels: Int { height * width }
    }

    public let batch: Int
    public let levels: [Level]
    public let queries: Int
    public let heads: Int
    public let channels: Int
    public let points: Int
    /// `level_start_index`: the exclusive prefix sum of H*W, the first key of each level.
    public let levelStart: [Int]
    /// S, the total number of keys (pixels over all levels).
    public let keys: Int

    public static let maxLevels = 8
    public static let maxPoints = 8
    public static let maxChannels = 256

    public init(batch: Int, levels: [Level], queries: Int, heads: Int, channels: Int, points: Int) throws(MSDAError) {
        func fail(_ message: String) -> MSDAError { MSDAError(.shape, message) }
        guard batch >= 1 else { throw fail("batch size must be at least 1, got \(batch)") }
        guard (1...Self.maxLevels).contains(levels.count) else {
            throw fail("the number of levels must be 1...\(Self.maxLevels), got \(levels.count)")
        }
        guard queries >= 1 else { throw fail("the number of queries must be at least 1, got \(queries)") }
        guard heads >= 1 else { throw fail("the number of heads must be at least 1, got \(heads)") }
        guard channels >= 8, channels <= Self.maxChannels, channels % 8 == 0 else {
            throw fail("channels per head (D) must be a multiple of 8 in 8...\(Self.maxChannels), got \(channels)")
        }
        guard (1...Self.maxPoints).contains(points) else {
            throw fail("points per level (P) must be 1...\(Self.maxPoints), got \(points)")
        }
        var start: [Int] = []
        var total = 0
        for (l, level) in levels.enumerated() {
            guard level.height >= 1, level.width >= 1 else {
                throw fail("level \(l) is \(level.height)x\(level.width); height and width must be at least 1")
            }
            let (pixels, o1) = level.height.multipliedReportingOverflow(by: level.width)
            start.append(total)
            let (sum, o2) = total.addingReportingOverflow(pixels)
            guard !o1, !o2 else { throw fail("level \(l) (\(level.height)x\(level.width)) overflows 64-bit sizes") }
            total = sum
        }
        // Every tensor's element count, and bytes at 8 per element, must fit in Int.
        let products: [(String, [Int])] = [
            ("value", [batch, total, heads, channels]),
            ("sampling_locations", [batch, queries, heads, levels.count, points, 2]),
            ("output", [batch, queries, heads, channels]),
        ]
        for (name, factors) in products {
            var n = 8
            for f in factors {
                let (p, o) = n.multipliedReportingOverflow(by: f)
                guard !o else { throw fail("\(name) of shape \(factors) is too large for 64-bit sizes") }
                n = p
            }
        }
        self.batch = batch
        self.levels = levels
        self.queries = queries
        self.heads = heads
        self.channels = channels
        self.points = points
        self.levelStart = start
        self.keys = total
    }

    /// Convenience: levels as (H, W) pairs.
    public init(batch: Int, levels: [(Int, Int)], queries: Int, heads: Int, channels: Int, points: Int) throws(MSDAError) {
        try self.init(batch: batch, levels: levels.map { Level(height: $0.0, width: $0.1) },
                      queries: queries, heads: heads, channels: channels, points: points)
    }

    /// L.
    public var levelCount: Int { levels.count }
    /// Samples per query and head: L * P.
    public var samplesPerHead: Int { levels.count * points }
    /// bs * Q * M * L * P, the number of bilinear samples in one pass.
    public var sampleCount: Int { batch * queries * heads * samplesPerHead }

    /// PyTorch-layout tensor shapes.
    public var valueShape: [Int] { [batch, keys, heads, channels] }
    public var spatialShapesShape: [Int] { [levels.count, 2] }
    public var samplingLocationsShape: [Int] { [batch, queries, heads, levels.count, points, 2] }
    public var attentionWeightsShape: [Int] { [batch, queries, heads, levels.count, points] }
    public var outputShape: [Int] { [batch, queries, heads * channels] }

    public var valueCount: Int { batch * keys * heads * channels }
    public var samplingLocationsCount: Int { attentionWeightsCount * 2 }
    public var attentionWeightsCount: Int { batch * queries * heads * levels.count * points }
    public var outputCount: Int { batch * queries * heads * channels }

    public var description: String {
        let maps = levels.map { "\($0.height)x\($0.width)" }.joined(separator: ",")
        return "bs=\(batch) levels=[\(maps)] S=\(keys) Q=\(queries) M=\(heads) D=\(channels) P=\(points)"
    }
}

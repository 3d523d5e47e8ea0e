import Foundation

/// Named, deterministic MSDA problems: shapes plus inputs made from a fixed seed.
///
/// Inputs: value and grad_output uniform in [-1, 1); attention weights a softmax over the
/// L*P logits (uniform in [-3, 3)) of each (b, q, m); each location coordinate is uniform in
/// [0, 1) with probability 0.9, and with probability 0.05 each in [-0.1, 0) or [1, 1.1), so
/// zero padding and invalid samples occur everywhere. The `edges` style replaces half the
/// coordinates with border cases (exactly 0 or 1, pixel centres, just inside and outside the
/// valid range h > -1 and h < H, far outside) and 1% with NaN or +-infinity.
/// Each tensor has its own stream derived from the seed, so adding one never changes another.
public struct MSDAWorkload: Sendable {
    public enum LocationStyle: String, Sendable {
        case typical
        case edges
    }

    public let name: String
    public let summary: String
    public let shape: MSDAShape
    public let seed: UInt64
    public let style: LocationStyle

    public init(name: String, summary: String, shape: MSDAShape, seed: UInt64, style: LocationStyle = .typical) {
        self.name = name
        self.summary = summary
        self.shape = shape
        self.seed = seed
        self.style = style
    }

    /// The built-in workloads, smallest first.
    public static var all: [MSDAWorkload] {
        // The literals below are valid (WorkloadTests builds every one); `try!` cannot fire.
        func make(_ name: String, _ summary: String, bs: Int, _ levels: [(Int, Int)], q: Int?, m: Int, d: Int, p: Int,
                  style: LocationStyle = .typical) -> MSDAWorkload {
            let keys = levels.reduce(0) { $0 + $1.0 * $1.1 }
            let shape = try! MSDAShape(batch: bs, levels: levels, queries: q ?? keys, heads: m, channels: d, points: p)
            return MSDAWorkload(name: name, summary: summary, shape: shape, seed: fnv1a(name), style: style)
        }
        let detrMaps = [(100, 150), (50, 75), (25, 38), (13, 19)]
        return [
            make("tiny", "two small levels, 2 heads of 8 channels, 2 points: the smallest useful case",
                 bs: 2, [(8, 8), (4, 4)], q: 10, m: 2, d: 8, p: 2),
            make("small", "three levels of odd sizes, batch 2: quick tests", bs: 2, [(12, 10), (6, 5), (3, 3)], q: 50, m: 4, d: 16, p: 4),
            make("edges", "border and out-of-range locations, NaN and infinity, 1-pixel-wide maps",
                 bs: 1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3, style: .edges),
            make("detr", "Deformable DETR decoder: 4 levels 100x150..13x19, Q=300, M=8, D=32, P=4",
                 bs: 1, detrMaps, q: 300, m: 8, d: 32, p: 4),
            make("detr-encoder", "Deformable DETR encoder: the detr maps with Q = S = 19947",
                 bs: 1, detrMaps, q: nil, m: 8, d: 32, p: 4),
            make("paper", "xMSDA benchmark: 5 levels 256x256..16x16, Q = S = 87296, M=8, D=32, P=4",
                 bs: 1, [(256, 256), (128, 128), (64, 64), (32, 32), (16, 16)], q: nil, m: 8, d: 32, p: 4),
        ]
    }

    public static var names: [String] { all.map(\.name) }

    /// The workload called `name`, or an `msda.workload` error listing the names.
    public static func named(_ name: String) throws(MSDAError) -> MSDAWorkload {
        guard let workload = all.first(where: { $0.name == name }) else {
            throw MSDAError(.workload, "no workload named '\(name)'; known: \(names.joined(separator: ", "))")
        }
        return workload
    }

    /// Generates the inputs (and grad_output unless `gradOutput` is false). `attention: .peaked`
    /// draws the attention logits as trained models' (`AttentionStyle`, docs/DEFA.md).
    public func tensors(gradOutput: Bool = true, attention: AttentionStyle = .uniform) -> MSDATensors {
        let s = shape
        var valueRNG = SplitMix64(seed: seed ^ 0x76616c7565)        // "value"
        var locationRNG = SplitMix64(seed: seed ^ 0x6c6f63)         // "loc"
        var weightRNG = SplitMix64(seed: seed ^ 0x61747472)         // "attr"
        var gradRNG = SplitMix64(seed: seed ^ 0x67726164)           // "grad"

        let value = (0..<s.valueCount).map { _ in valueRNG.uniform(-1, 1) }
        var locations = [Float](repeating: 0, count: s.samplingLocationsCount)
        var i = 0
        for _ in 0..<(s.batch * s.queries * s.heads) {
            for level in s.levels {
                for _ in 0..<s.points {
                    locations[i] = coordinate(&locationRNG, size: level.width)
                    locations[i + 1] = coordinate(&locationRNG, size: level.height)
                    i += 2
                }
            }
        }
        var weights = [Float](repeating: 0, count: s.attentionWeightsCount)
        let n = s.samplesPerHead
        var logits = [Double](repeating: 0, count: n)
        for head in 0..<(s.batch * s.queries * s.heads) {
            for j in 0..<n { logits[j] = attention.logit(&weightRNG) }
            let top = logits.max()!
            var total = 0.0
            for j in 0..<n { logits[j] = Foundation.exp(logits[j] - top); total += logits[j] }
            for j in 0..<n { weights[head * n + j] = Float(logits[j] / total) }
        }
        let grad = gradOutput ? (0..<s.outputCount).map { _ in gradRNG.uniform(-1, 1) } : nil
        // Counts match the shape by construction.
        return try! MSDATensors(shape: s, value: value, samplingLocations: locations, attentionWeights: weights, gradOutput: grad)
    }

    /// One normalised coordinate on an axis of `size` pixels.
    private func coordinate(_ rng: inout SplitMix64, size: Int) -> Float {
        if style == .edges && rng.below(2) == 0 {
            let n = Float(size)
            let eps: Float = 1e-3
            switch rng.below(50) {
            case 0: return .nan
            case 1: return rng.below(2) == 0 ? .infinity : -.infinity
            default: break
            }
            switch rng.below(8) {
            case 0: return 0
            case 1: return 1
            case 2: return (Float(rng.below(size)) + 0.5) / n                  // a pixel centre
            case 3: return (-0.5 + eps * rng.unit() + eps) / n               // h just above -1
            case 4: return (-0.5 - eps * rng.unit()) / n                     // h at or below -1
            case 5: return (n + 0.5 - eps - eps * rng.unit()) / n            // h just below H
            case 6: return (n + 0.5 + eps * rng.unit()) / n                  // h at or above H
            default: return rng.below(2) == 0 ? rng.uniform(-3, -1) : rng.uniform(2, 4)  // far outside
            }
        }
        let u = rng.unit()
        if u < 0.05 { return rng.uniform(-0.1, 0) }
        if u >= 0.95 { return rng.uniform(1, 1.1) }
        return rng.unit()
    }
}

/// FNV-1a of the name: each workload gets its own fixed seed without a table of magic numbers.
func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
    return hash
}

import XCTest
import MSDA

/// `MSDASamplingStats` (reads per pixel, DEFA's FWP criterion) and `MSDAPixelPruning`, against a
/// hand-computed case and a brute-force count written here in Double arithmetic.
final class StatsTests: XCTestCase {
    /// One 3x4 level, four samples placed by hand (docs: h = y H - 0.5, w = x W - 0.5):
    /// A (0.5, 0.5): h = 1, w = 1.5 -> corners (1,1) (1,2) (2,1) (2,2);
    /// B (0, 0): h = w = -0.5 -> only (0,0) is in the map;
    /// C (1.2, 0.5): w = 4.3 >= W, invalid;
    /// D (0.99, 0.99): h = 2.47, w = 3.46 -> only (2,3).
    func testHandComputedCase() throws {
        let shape = try MSDAShape(batch: 1, levels: [(3, 4)], queries: 2, heads: 1, channels: 8, points: 2)
        let locations: [Float] = [0.5, 0.5, 0, 0, 1.2, 0.5, 0.99, 0.99]
        let t = try MSDATensors(shape: shape, value: [Float](repeating: 1, count: shape.valueCount), samplingLocations: locations,
                                attentionWeights: [0.5, 0.5, 0.5, 0.5])
        let stats = MSDASamplingStats.compute(t)
        var expected = [Int](repeating: 0, count: 12)
        for (y, x) in [(1, 1), (1, 2), (2, 1), (2, 2), (0, 0), (2, 3)] { expected[y * 4 + x] += 1 }
        XCTAssertEqual(stats.levels[0].counts, expected)
        XCTAssertEqual(stats.validSamples, 3)
        XCTAssertEqual(stats.levels[0].mean, 0.5)
        XCTAssertEqual(stats.levels[0].below(1.0), 6)      // count < 0.5: the six unread pixels
        XCTAssertEqual(stats.levels[0].below(2.5), 12)     // count < 1.25: all
        XCTAssertEqual(stats.levels[0].below(0), 0)
    }

    /// The counts of generated workloads (borders, NaN, several levels and batches) equal a
    /// brute-force count over every sample and corner.
    func testAgainstBruteForce() throws {
        for name in ["tiny", "small", "edges"] {
            let t = try MSDAWorkload.named(name).tensors(gradOutput: false)
            let s = t.shape
            var expected = s.levels.map { [Int](repeating: 0, count: $0.pixels) }
            var i = 0
            for _ in 0..<(s.batch * s.queries * s.heads) {
                for (l, level) in s.levels.enumerated() {
                    for _ in 0..<s.points {
                        let (x, y) = (t.samplingLocations[2 * i], t.samplingLocations[2 * i + 1])
                        i += 1
                        // fp32 as the operator defines it, then the corners in integers
                        let h = y * Float(level.height) - 0.5, w = x * Float(level.width) - 0.5
                        guard h > -1, w > -1, h < Float(level.height), w < Float(level.width) else { continue }
                        let h0 = Int(h.rounded(.down)), w0 = Int(w.rounded(.down))
                        for dy in 0...1 {
                            for dx in 0...1 {
                                let (yy, xx) = (h0 + dy, w0 + dx)
                                if yy >= 0, yy < level.height, xx >= 0, xx < level.width { expected[l][yy * level.width + xx] += 1 }
                            }
                        }
                    }
                }
            }
            XCTAssertEqual(MSDASamplingStats.compute(t).levels.map(\.counts), expected, name)
        }
    }

    func testPixelMaskZeroesExactlyTheMaskedPixels() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        let s = t.shape
        var masks = s.levels.map { [Bool](repeating: false, count: $0.pixels) }
        masks[0][3] = true
        masks[1] = [Bool](repeating: true, count: s.levels[1].pixels)   // the whole 4x4 level
        for x in 0..<8 { masks[0][2 * 8 + x] = true }                    // row 2 of level 0
        let z = MSDAPixelPruning.apply(masks, to: t)
        let row = s.heads * s.channels
        for b in 0..<s.batch {
            for key in 0..<s.keys {
                let l = key < s.levelStart[1] ? 0 : 1
                let masked = masks[l][key - s.levelStart[l]]
                for c in 0..<row {
                    let i = (b * s.keys + key) * row + c
                    XCTAssertEqual(z.value[i], masked ? 0 : t.value[i])
                }
            }
        }
        let rows = MSDAPixelPruning.skippableRows(masks, shape: s)
        XCTAssertEqual(rows.map(\.rows), [1, 4])
    }
}

import XCTest
import MSDA

/// Hand-computed cases of brief/msda.md's edge semantics. One level of 4x4 unless stated,
/// M = 1, D = 8, value[key, c] = key + 100 c, so every expected number below is exact.
final class EdgeSemanticsTests: XCTestCase {
    private let D = 8

    private func run(levels: [(Int, Int)], points: [(x: Float, y: Float, a: Float)], grad: [Float]? = nil)
        throws -> (shape: MSDAShape, output: [Float], grads: MSDAGradients) {
        let P = points.count
        let shape = try MSDAShape(batch: 1, levels: levels, queries: 1, heads: 1, channels: D, points: P)
        var value: [Float] = []
        for key in 0..<shape.keys { for c in 0..<D { value.append(Float(key + 100 * c)) } }
        // All points are on level 0 here; other levels get weight 0 and a far-away location.
        var locations: [Float] = [], weights: [Float] = []
        for l in 0..<levels.count {
            for p in points {
                locations += l == 0 ? [p.x, p.y] : [-5, -5]
                weights.append(l == 0 ? p.a : 0)
            }
        }
        let tensors = try MSDATensors(shape: shape, value: value, samplingLocations: locations, attentionWeights: weights,
                                      gradOutput: grad ?? [Float](repeating: 1, count: D))
        return (shape, MSDAReference.forward(tensors), try MSDAReference.backward(tensors))
    }

    private func channels(_ f: (Int) -> Float) -> [Float] { (0..<D).map(f) }

    func testPixelCentreGivesThatPixel() throws {
        // x = 1.5/4, y = 2.5/4: h = 2, w = 1 exactly: pixel (2, 1) = key 9.
        let r = try run(levels: [(4, 4)], points: [(0.375, 0.625, 0.5)])
        XCTAssertEqual(r.output, channels { 0.5 * (9 + 100 * Float($0)) })
        XCTAssertEqual(r.grads.attentionWeights, [72 + 2800])  // sum_c (9 + 100c)
        var expected = [Float](repeating: 0, count: 16 * D)
        for c in 0..<D { expected[9 * D + c] = 0.5 }
        XCTAssertEqual(r.grads.value, expected)
    }

    func testInteriorBilinearSampleAndGradients() throws {
        // x = 5/16, y = 7/16: w = 0.75, h = 1.25; corners (1,0)=4, (1,1)=5, (2,0)=8, (2,1)=9 with
        // weights 0.1875, 0.5625, 0.0625, 0.1875. Sample = 5.75 + 100c.
        let r = try run(levels: [(4, 4)], points: [(0.3125, 0.4375, 1)])
        XCTAssertEqual(r.output, channels { 5.75 + 100 * Float($0) })
        // d_k = 8 key_k + 2800: 2832, 2840, 2864, 2872.
        // grad_x = 4 (0.75 (2840 - 2832) + 0.25 (2872 - 2864)) = 32; grad_y = 4 (0.25 * 32 + 0.75 * 32) = 128.
        XCTAssertEqual(r.grads.samplingLocations, [32, 128])
        XCTAssertEqual(r.grads.attentionWeights, [2846])
        for (key, w) in [(4, 0.1875), (5, 0.5625), (8, 0.0625), (9, 0.1875)] as [(Int, Float)] {
            XCTAssertEqual(Array(r.grads.value[(key * D)..<(key * D + D)]), channels { _ in w }, "key \(key)")
        }
        XCTAssertEqual(r.grads.value.reduce(0, +), Float(D))
    }

    func testOutsideLocationsGiveZero() throws {
        // w = -0.3*4 - 0.5 = -1.7; w = 1.2*4 - 0.5 = 4.3 >= W; h = -0.125*4 - 0.5 = -1 exactly (strict test).
        for (x, y) in [(-0.3, 0.5), (1.2, 0.5), (0.5, -0.125), (0.5, 1.125)] as [(Float, Float)] {
            let r = try run(levels: [(4, 4)], points: [(x, y, 1)])
            XCTAssertEqual(r.output, channels { _ in 0 }, "(\(x), \(y))")
            XCTAssertEqual(r.grads.samplingLocations, [0, 0])
            XCTAssertEqual(r.grads.attentionWeights, [0])
            XCTAssertTrue(r.grads.value.allSatisfy { $0 == 0 })
        }
    }

    func testPartlyOutsideReadsZeroPadding() throws {
        // y = -1/16: h = -0.75, h0 = -1, lh = 0.25; x = 0.375: w = 1 exactly. Only corner (0, 1) = key 1
        // is in the map with weight lh * hw = 0.25; (0, 2) is in the map with weight 0.
        let r = try run(levels: [(4, 4)], points: [(0.375, -0.0625, 0.5)])
        XCTAssertEqual(r.output, channels { 0.5 * 0.25 * (1 + 100 * Float($0)) })
        // d1 = d2 = 0 (outside), d3 = 2808, d4 = 2816.
        // grad_x = 4 * 0.5 * (0.75 * 0 + 0.25 * 8) = 4; grad_y = 4 * 0.5 * (1 * 2808 + 0) = 5616.
        XCTAssertEqual(r.grads.samplingLocations, [4, 5616])
        XCTAssertEqual(r.grads.attentionWeights, [702])
        XCTAssertEqual(Array(r.grads.value[D..<(2 * D)]), channels { _ in 0.125 })
        XCTAssertEqual(r.grads.value.reduce(0, +), 0.125 * Float(D))
    }

    func testBorderLocationsGiveHalfWeight() throws {
        // loc = 0 gives h = -0.5: half the weight outside, nothing clamped. x = 0.375 keeps w = 1.
        let top = try run(levels: [(4, 4)], points: [(0.375, 0, 1)])
        XCTAssertEqual(top.output, channels { 0.5 * (1 + 100 * Float($0)) })
        let bottom = try run(levels: [(4, 4)], points: [(0.375, 1, 1)])     // h = 3.5: row 3 = key 13
        XCTAssertEqual(bottom.output, channels { 0.5 * (13 + 100 * Float($0)) })
    }

    func testNaNAndInfiniteLocationsAddNothing() throws {
        for (x, y) in [(Float.nan, 0.5), (0.5, .nan), (.infinity, 0.5), (0.5, -.infinity)] as [(Float, Float)] {
            // The second point is a normal pixel centre, so the output is exactly its contribution.
            let r = try run(levels: [(4, 4)], points: [(x, y, 1), (0.375, 0.625, 1)])
            XCTAssertEqual(r.output, channels { 9 + 100 * Float($0) })
            XCTAssertEqual(Array(r.grads.samplingLocations[0..<2]), [0, 0])
            XCTAssertEqual(r.grads.attentionWeights[0], 0)
            XCTAssertFalse(r.grads.value.contains { $0.isNaN })
        }
    }

    func testOnePixelWideMaps() throws {
        // H = W = 1, value = 0 + 100c. (0.5, 0.5) is the centre; x = 0.75 gives w = 0.25: weight 0.75
        // on the pixel, 0.25 outside; x = 0 and x = 1 give half.
        for (x, factor) in [(0.5, 1), (0.75, 0.75), (0, 0.5), (1, 0.5)] as [(Float, Float)] {
            let r = try run(levels: [(1, 1)], points: [(x, 0.5, 1)])
            XCTAssertEqual(r.output, channels { factor * 100 * Float($0) }, "x = \(x)")
        }
        // 1 x 4 map (H = 1): y anywhere in (0, 1) with h in (-1, 1) reads row 0 with weight 1 - |h|.
        let wide = try run(levels: [(1, 4)], points: [(0.375, 0.25, 1)])   // h = -0.25, w = 1: key 1 * 0.75
        XCTAssertEqual(wide.output, channels { 0.75 * (1 + 100 * Float($0)) })
        // 4 x 1 map (W = 1): x = 0.5 gives w = 0; y = 0.625 gives h = 2: key 2.
        let tall = try run(levels: [(4, 1)], points: [(0.5, 0.625, 1)])
        XCTAssertEqual(tall.output, channels { 2 + 100 * Float($0) })
    }

    func testSecondLevelUsesItsStartIndex() throws {
        // Levels 4x4 (keys 0..15) and 2x2 (keys 16..19); one point on level 1 at pixel (1, 0) = key 18.
        let shape = try MSDAShape(batch: 1, levels: [(4, 4), (2, 2)], queries: 1, heads: 1, channels: D, points: 1)
        XCTAssertEqual(shape.levelStart, [0, 16])
        var value: [Float] = []
        for key in 0..<shape.keys { for c in 0..<D { value.append(Float(key + 100 * c)) } }
        let tensors = try MSDATensors(shape: shape, value: value, samplingLocations: [-5, -5, 0.25, 0.75],
                                      attentionWeights: [1, 2])
        XCTAssertEqual(MSDAReference.forward(tensors), channels { 2 * (18 + 100 * Float($0)) })
    }

    func testScatterAddAccumulatesSamplesOnOnePixel() throws {
        // Two points on the same pixel centre with weights 0.25 and 0.5: grad_value = 0.75 g.
        let r = try run(levels: [(4, 4)], points: [(0.375, 0.625, 0.25), (0.375, 0.625, 0.5)], grad: channels { Float($0) })
        XCTAssertEqual(Array(r.grads.value[(9 * D)..<(10 * D)]), channels { 0.75 * Float($0) })
    }

    func testHeadsAndBatchesAreIndependent() throws {
        // M = 2, bs = 2: value of head m in batch b is (b + 1) * (m + 1) for every pixel and channel.
        let shape = try MSDAShape(batch: 2, levels: [(2, 2)], queries: 1, heads: 2, channels: D, points: 1)
        var value: [Float] = []
        for b in 0..<2 { for _ in 0..<4 { for m in 0..<2 { value += [Float](repeating: Float((b + 1) * (m + 1)), count: D) } } }
        let tensors = try MSDATensors(shape: shape, value: value, samplingLocations: [Float](repeating: 0.5, count: 8),
                                      attentionWeights: [1, 1, 1, 1])
        let out = MSDAReference.forward(tensors)
        XCTAssertEqual(out, [Float](repeating: 1, count: D) + [Float](repeating: 2, count: D)
                          + [Float](repeating: 2, count: D) + [Float](repeating: 4, count: D))
    }
}

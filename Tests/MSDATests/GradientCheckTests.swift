import XCTest
import MSDA

/// Backward against central finite differences of forward, on the `small` workload: an
/// independent check of the gradient formulas (signs, the W and H factors, x/y order).
/// Bilinear interpolation is linear inside a pixel cell, so the difference is exact up to
/// fp32 rounding when the step does not cross a cell border; samples are chosen so it does not.
final class GradientCheckTests: XCTestCase {
    /// sum_c g_c * out[b, q, m*D + c] in Double, for the (b, q, m) of `sample`.
    private func localLoss(_ t: MSDATensors, _ out: [Float], b: Int, q: Int, m: Int) -> Double {
        let D = t.shape.channels
        let base = ((b * t.shape.queries + q) * t.shape.heads + m) * D
        var sum = 0.0
        for c in 0..<D { sum += Double(t.gradOutput![base + c]) * Double(out[base + c]) }
        return sum
    }

    func testLocationAndWeightGradientsMatchFiniteDifferences() throws {
        let t = try MSDAWorkload.named("small").tensors()
        let s = t.shape
        let grads = try MSDAReference.backward(t)
        var rng = SplitMix64(seed: 7)
        var checked = 0, attempts = 0
        while checked < 24 && attempts < 10_000 {
            attempts += 1
            let i = rng.below(s.attentionWeightsCount)
            let l = (i / s.points) % s.levelCount, m = (i / s.samplesPerHead) % s.heads
            let q = (i / (s.samplesPerHead * s.heads)) % s.queries, b = i / (s.samplesPerHead * s.heads * s.queries)
            let (H, W) = (Float(s.levels[l].height), Float(s.levels[l].width))
            let x = t.samplingLocations[2 * i], y = t.samplingLocations[2 * i + 1]
            let h = y * H - 0.5, w = x * W - 0.5
            let step: Float = 1e-3
            // Stay well inside the map and away from cell borders for the whole step.
            func interior(_ v: Float, _ n: Float, _ scaled: Float) -> Bool {
                v > 0 && v < n - 1 && (v - v.rounded(.down)) > scaled + 0.01 && (v - v.rounded(.down)) < 0.99 - scaled
            }
            guard interior(h, H, step * H), interior(w, W, step * W) else { continue }
            checked += 1
            for (axis, name) in [(0, "x"), (1, "y")] {
                var plus = t.samplingLocations, minus = t.samplingLocations
                plus[2 * i + axis] += step
                minus[2 * i + axis] -= step
                let lp = localLoss(t, MSDAReference.forward(try MSDATensors(shape: s, value: t.value, samplingLocations: plus,
                    attentionWeights: t.attentionWeights, gradOutput: t.gradOutput)), b: b, q: q, m: m)
                let lm = localLoss(t, MSDAReference.forward(try MSDATensors(shape: s, value: t.value, samplingLocations: minus,
                    attentionWeights: t.attentionWeights, gradOutput: t.gradOutput)), b: b, q: q, m: m)
                let actualStep = Double(plus[2 * i + axis]) - Double(minus[2 * i + axis])
                let numeric = (lp - lm) / actualStep
                let analytic = Double(grads.samplingLocations[2 * i + axis])
                XCTAssertEqual(analytic, numeric, accuracy: 2e-3 * max(1, abs(numeric)), "sample \(i) grad_\(name)")
            }
            // The loss is linear in the attention weight.
            var weights = t.attentionWeights
            weights[i] += 0.5
            let lw = localLoss(t, MSDAReference.forward(try MSDATensors(shape: s, value: t.value, samplingLocations: t.samplingLocations,
                attentionWeights: weights, gradOutput: t.gradOutput)), b: b, q: q, m: m)
            let l0 = localLoss(t, MSDAReference.forward(t), b: b, q: q, m: m)
            XCTAssertEqual(Double(grads.attentionWeights[i]), (lw - l0) / 0.5, accuracy: 1e-4, "sample \(i) grad_attn")
        }
        XCTAssertEqual(checked, 24, "too few interior samples found")
    }

    func testValueGradientMatchesFiniteDifferences() throws {
        let t = try MSDAWorkload.named("small").tensors()
        let grads = try MSDAReference.backward(t)
        let base = MSDAReference.forward(t)
        // The total loss sum(g * out) is linear in value: the difference quotient is exact up to rounding.
        func loss(_ out: [Float]) -> Double {
            zip(out, t.gradOutput!).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        let l0 = loss(base)
        var rng = SplitMix64(seed: 11)
        var nonzero = 0
        for _ in 0..<20 {
            // Prefer elements that received gradient, so the test is not trivially 0 == 0.
            var k = rng.below(t.value.count)
            for _ in 0..<50 where grads.value[k] == 0 { k = rng.below(t.value.count) }
            if grads.value[k] != 0 { nonzero += 1 }
            var value = t.value
            value[k] += 1
            let l1 = loss(MSDAReference.forward(try MSDATensors(shape: t.shape, value: value, samplingLocations: t.samplingLocations,
                                                                attentionWeights: t.attentionWeights, gradOutput: t.gradOutput)))
            XCTAssertEqual(Double(grads.value[k]), l1 - l0, accuracy: 1e-4, "value element \(k)")
        }
        XCTAssertGreaterThan(nonzero, 10)
    }
}

import XCTest
import Interpreter
import MSDA

/// The pruned kernel's error as the threshold grows, and DEFA's three-multiply bilinear form.
final class PruningSweepTests: XCTestCase {
    /// "Smoothly", exactly: with o(t) the pruned kernel's output and ref the reference,
    /// 1. o(0) is the unpruned kernel's output (its error is the unpruned error, ~1e-7);
    /// 2. per element, |o(t) - ref| <= V * A(t) + 1e-5, A(t) the largest pruned |a| mass of any
    ///    (b, q, m) and V = max |value|: the error is bounded by what was pruned;
    /// 3. between neighbouring thresholds, per element |o(t') - o(t)| <= V * A(t, t') + 1e-5,
    ///    A(t, t') the largest mass pruned at t' but not at t: no jump bigger than the weight
    ///    that changed hands (so the max abs error moves by at most that);
    /// 4. the relative L2 error does not decrease by more than 5% (plus 1e-7) from one threshold
    ///    to the next (more samples pruned, more error).
    func testErrorGrowsSmoothly() throws {
        let t = try MSDAWorkload.named("small").tensors(gradOutput: false, attention: .peaked)
        let s = t.shape
        let thresholds: [Float] = [0, 0.0005, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3]
        let ref = MSDAReference.forward(t, threads: 2)
        let vmax = Double(t.value.map { abs($0) }.max()!)
        let lp = s.samplesPerHead
        func mass(_ lo: Float, _ hi: Float) -> Double {
            var worst = 0.0
            for head in 0..<(s.batch * s.queries * s.heads) {
                var m = 0.0
                for j in 0..<lp {
                    let a = t.attentionWeights[head * lp + j]
                    if MSDAPruning.isPruned(a, threshold: hi) && !MSDAPruning.isPruned(a, threshold: lo) { m += Double(abs(a)) }
                }
                worst = max(worst, m)
            }
            return worst
        }
        var options = MSDAForwardOptions(cores: 4, threads: 2)
        let plain = try MSDAForward.run(tensors: t, options: options)
        options.queriesPerBlock = plain.plan.queriesPerBlock
        var outputs: [[Float]] = []
        var rel: [Double] = []
        for threshold in thresholds {
            options.pruneThreshold = threshold
            let o = try MSDAForward.run(tensors: t, options: options).output
            let e = MSDAPruningSweep.Error(o, ref)
            let bound = vmax * mass(0, threshold) + 1e-5
            print("threshold \(threshold): max abs \(e.maxAbs) (bound \(bound)), rel L2 \(e.relativeL2)")
            XCTAssertLessThanOrEqual(e.maxAbs, bound, "threshold \(threshold)")
            if let last = outputs.last, let previous = thresholds.dropLast(thresholds.count - outputs.count).last {
                let jump = zip(o, last).map { abs(Double($0) - Double($1)) }.max()!
                XCTAssertLessThanOrEqual(jump, vmax * mass(previous, threshold) + 1e-5, "\(previous) -> \(threshold)")
                XCTAssertGreaterThanOrEqual(e.relativeL2, rel.last! * 0.95 - 1e-7, "\(previous) -> \(threshold)")
            }
            outputs.append(o)
            rel.append(e.relativeL2)
        }
        XCTAssertEqual(bits(outputs[0]), bits(plain.output))
        XCTAssertGreaterThan(rel.last!, 1e-3, "the largest threshold must cost visible error")
    }

    // MARK: - Three-multiply bilinear form

    /// Expands DEFA's corrected formula and the standard bilinear form symbolically: equal. The
    /// printed version (t1 inside the bracket) is not.
    func testThreeMultiplyFormulaExpands() {
        let (n0, n1, n2, n3, t0, t1) = (Poly.v(0), Poly.v(1), Poly.v(2), Poly.v(3), Poly.v(4), Poly.v(5))
        let one = Poly.one
        let (hh, lh, hw, lw): (Poly, Poly, Poly, Poly) = (one - t0, t0, one - t1, t1)
        // written as sums of products, one step at a time (the type checker gives up otherwise)
        let c1: Poly = n0 * hh * hw, c2: Poly = n1 * hh * lw, c3: Poly = n2 * lh * hw, c4: Poly = n3 * lh * lw
        let standard: Poly = Poly.sum([c1, c2, c3, c4])
        let cross: Poly = Poly.sum([n3, n0]) - Poly.sum([n2, n1])
        let a: Poly = (n2 - n0) * t0
        let inner: Poly = (n1 - n0) + cross * t0
        let defa: Poly = Poly.sum([n0, a, inner * t1])
        let innerPrinted: Poly = (n1 - n0) + cross * t1
        let printed: Poly = Poly.sum([n0, a, innerPrinted * t1])
        XCTAssertEqual(defa, standard)
        XCTAssertNotEqual(printed, standard)
    }

    /// The kernel with BILIN3 is within the fp32 tolerance of the reference (f32, and fp16 without
    /// the fused gather), its error of the same order as the standard form's.
    func testThreeMultiplyKernel() throws {
        let t = try MSDAWorkload.named("small").tensors(gradOutput: false)
        let ref = MSDAReference.forward(t, threads: 2)
        var o = MSDAForwardOptions(cores: 4, threads: 2)
        let standard = try MSDAForward.run(tensors: t, options: o)
        o.threeMultiplyBilinear = true
        let three = try MSDAForward.run(tensors: t, options: o)
        XCTAssertTrue(three.plan.threeMultiplyBilinear)
        let (e3, bound) = errorAndBound(three.output, ref)
        let (es, _) = errorAndBound(standard.output, ref)
        print("BILIN3 f32: max error \(e3) (standard \(es)), cycles \(Int(three.report.kernelCycles)) (standard \(Int(standard.report.kernelCycles)))")
        XCTAssertLessThanOrEqual(e3, bound)
        XCTAssertNotEqual(bits(three.output), bits(standard.output), "different roundings: the switch must change something")

        let r16 = MSDAForward.roundedToHalf(t)
        let ref16 = MSDAReference.forward(r16, threads: 2)
        var o16 = MSDAForwardOptions(dtype: .f16, fused: false, cores: 4, threads: 2)
        o16.threeMultiplyBilinear = true
        let h = try MSDAForward.run(tensors: t, options: o16)
        var worst = 0.0
        for (x, r) in zip(h.output, ref16) {
            let e: Double = abs(Double(x) - Double(r))
            worst = max(worst, e / (0x1p-11 * abs(Double(r)) + 1e-5))
        }
        XCTAssertLessThanOrEqual(worst, 1, "fp16 BILIN3: output rounding (2^-11 relative) plus fp32 slack")
        // Refused combinations.
        var bad = MSDAForwardOptions(dtype: .f16, cores: 2)
        bad.threeMultiplyBilinear = true
        XCTAssertThrowsError(try MSDAForward.run(tensors: t, options: bad)) { XCTAssertEqual(($0 as? MSDAForwardError)?.id, .plan) }
    }

    /// With bands (a small UB), BILIN3 still matches the reference.
    func testThreeMultiplyWithBands() throws {
        let shape = try MSDAShape(batch: 1, levels: [(40, 30), (10, 8)], queries: 24, heads: 2, channels: 8, points: 2)
        let t = MSDAWorkload(name: "bands", summary: "", shape: shape, seed: 13).tensors(gradOutput: false)
        var m = Machine.ascend910B2C
        m.ubBytes = 12288
        var o = MSDAForwardOptions(machine: m, cores: 4, threads: 2, queriesPerBlock: 16)
        o.threeMultiplyBilinear = true
        let r = try MSDAForward.run(tensors: t, options: o)
        XCTAssertGreaterThan(r.plan.bands[0].count, 1)
        let (e, bound) = errorAndBound(r.output, MSDAReference.forward(t, threads: 2))
        XCTAssertLessThanOrEqual(e, bound)
    }
}

/// A polynomial in N0..N3, t0, t1 with integer coefficients (exponent vector -> coefficient),
/// enough to expand the bilinear forms by hand.
struct Poly: Equatable {
    var terms: [[Int]: Int]
    static func v(_ i: Int) -> Poly { var e = [Int](repeating: 0, count: 6); e[i] = 1; return Poly(terms: [e: 1]) }
    static let one = Poly(terms: [[Int](repeating: 0, count: 6): 1])
    static func sum(_ ps: [Poly]) -> Poly { ps.reduce(Poly(terms: [:]), +) }
    static func + (a: Poly, b: Poly) -> Poly { Poly(terms: a.terms.merging(b.terms, uniquingKeysWith: +).filter { $0.value != 0 }) }
    static func - (a: Poly, b: Poly) -> Poly { a + Poly(terms: b.terms.mapValues { -$0 }) }
    static func * (a: Poly, b: Poly) -> Poly {
        var r: [[Int]: Int] = [:]
        for (ea, ca) in a.terms { for (eb, cb) in b.terms { r[zip(ea, eb).map(+), default: 0] += ca * cb } }
        return Poly(terms: r.filter { $0.value != 0 })
    }
}

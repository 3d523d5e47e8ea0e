import Foundation
import XCTest
import Interpreter
import MSDA

/// The forward's ablation switches (xMSDA: gather fusion, adaptive vector length, the padding
/// fix): every combination matches the reference, and without the padding fix the 910B2C
/// preset gives the wrong output the chip gives, exactly where the gather quirk predicts.
final class ForwardSwitchTests: XCTestCase {
    /// Runs and checks against the reference: fp32 with the brief's 1e-4 bound, fp16 with the
    /// per-element bound of docs/MSDA-forward.md on the reference of the fp16-rounded inputs.
    @discardableResult
    func check(_ t: MSDATensors, _ o: MSDAForwardOptions, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> MSDAForwardResult {
        let r = try MSDAForward.run(tensors: t, options: o)
        if o.dtype == .f16 {
            let rounded = MSDAForward.roundedToHalf(t)
            let ref = MSDAReference.forward(rounded, threads: 2)
            let absT = try MSDATensors(shape: t.shape, value: rounded.value.map { abs($0) }, samplingLocations: rounded.samplingLocations,
                                       attentionWeights: rounded.attentionWeights.map { abs($0) })
            let (worst, _) = ForwardTests.fp16Check(r.output, ref, MSDAReference.forward(absT, threads: 2), lp: t.shape.samplesPerHead)
            XCTAssertLessThanOrEqual(worst, 1, label, file: file, line: line)
        } else {
            let (error, bound) = errorAndBound(r.output, MSDAReference.forward(t, threads: 2))
            XCTAssertLessThanOrEqual(error, bound, label, file: file, line: line)
        }
        return r
    }

    static func options(_ dtype: MSDAForwardOptions.DType, mode: MSDAForwardOptions.Mode = .infer, fused: Bool, adaptive: Bool,
                        padFix: Bool = true, machine: Machine = .ascend910B2C, strict: Bool = true) -> MSDAForwardOptions {
        var o = MSDAForwardOptions(dtype: dtype, mode: mode, fused: fused, machine: machine, cores: 4, threads: 2, strict: strict)
        o.adaptive = adaptive
        o.padFix = padFix
        return o
    }

    /// Every combination of gather fusion and adaptive vector length (padding fix on), in both
    /// storage types and both modes, on two shapes; the second on a 16 KB UB so that bands appear.
    func testEveryCombinationMatchesTheReference() throws {
        let shapes: [(MSDATensors, Machine, String)] = [
            (ForwardTests.tensors(ForwardTests.shape(2, [(12, 10), (6, 5), (3, 3)], q: 50, m: 2, d: 16, p: 4), seed: 71), .ascend910B2C, "small"),
            (ForwardTests.tensors(ForwardTests.shape(1, [(40, 33), (9, 7)], q: 70, m: 1, d: 8, p: 2), seed: 72, edges: true),
             ForwardTests.smallUB(16384), "banded, 16 KB UB"),
        ]
        var runs = 0
        for (t, machine, name) in shapes {
            for dtype in [MSDAForwardOptions.DType.f32, .f16] {
                for mode in [MSDAForwardOptions.Mode.infer, .train] {
                    for fused in [true, false] {
                        for adaptive in [true, false] {
                            let label = "\(name) \(dtype) \(mode) fused=\(fused) adaptive=\(adaptive)"
                            let r = try check(t, Self.options(dtype, mode: mode, fused: fused, adaptive: adaptive, machine: machine), label)
                            XCTAssertEqual(r.plan.fused, fused && dtype == .f16, label)
                            XCTAssertEqual(r.plan.adaptive, adaptive, label)
                            runs += 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(runs, 32)
    }

    /// Adaptive off: one QB, the largest with which the largest level's whole plane fits the plane
    /// buffer. On a 48 KB UB the 60x50 fp32 plane (62 * 52 * 4 = 12896 bytes) fits whole only
    /// with a small QB, single or double buffered.
    func testAdaptiveOffFitsTheLargestLevelWhole() throws {
        let shape = ForwardTests.shape(1, [(60, 50), (8, 8)], q: 400, m: 1, d: 8, p: 4)
        let machine = ForwardTests.smallUB(49152)
        for nbuf in [1, 2] {
            let fixed = try MSDAForwardPlan.choose(shape: shape, f16: false, fused: false, train: false, machine: machine, cores: 4,
                                                   planeBuffers: nbuf, adaptive: false)
            XCTAssertFalse(fixed.adaptive)
            XCTAssertEqual(fixed.bands.map(\.count), [1, 1], "nbuf \(nbuf): every plane whole")
            XCTAssertGreaterThanOrEqual(fixed.planeCapacity, 62 * 52 * 4)
            // One block size more (the next candidate, +16 below 128) leaves too little room.
            let bigger = try MSDAForwardPlan.choose(shape: shape, f16: false, fused: false, train: false, machine: machine, cores: 4,
                                                    queriesPerBlock: fixed.queriesPerBlock + 16, planeBuffers: nbuf)
            XCTAssertLessThan(bigger.planeCapacity, 62 * 52 * 4, "nbuf \(nbuf): QB \(fixed.queriesPerBlock) is not the largest that fits")
        }
        let searched = try MSDAForwardPlan.choose(shape: shape, f16: false, fused: false, train: false, machine: machine, cores: 4)
        let fixed = try MSDAForwardPlan.choose(shape: shape, f16: false, fused: false, train: false, machine: machine, cores: 4, adaptive: false)
        XCTAssertLessThanOrEqual(searched.estimatedCycles, fixed.estimatedCycles, "the search includes the fixed choice")
        let t = ForwardTests.tensors(shape, seed: 73)
        var o = MSDAForwardOptions(machine: machine, cores: 4, threads: 2)
        o.adaptive = false
        let r = try check(t, o, "adaptive off, 48 KB UB")
        XCTAssertEqual(r.plan.queriesPerBlock, fixed.queriesPerBlock)
    }

    // MARK: - The padding fix

    /// fp16 fused without the padding fix on the 910B2C preset (gather quirk on): the output is
    /// what the quirk predicts (a pair at UB byte 30 mod 32 reads its second element from the
    /// start of its own 32-byte block), computed here independently of the kernel, and it
    /// differs from the reference beyond the fp16 bound. With the fix on the output is right, and
    /// strict mode refuses the straddling gather.
    func testWithoutThePaddingFixTheChipQuirkGivesTheWrongOutput() throws {
        let shape = ForwardTests.shape(1, [(20, 29), (7, 13)], q: 40, m: 2, d: 8, p: 4)
        let t = ForwardTests.tensors(shape, seed: 74)
        XCTAssertTrue(Machine.ascend910B2C.gatherQuirk, "the preset models the quirk")

        let fixed = try check(t, Self.options(.f16, fused: true, adaptive: true, padFix: true, strict: true), "padding fix on")
        XCTAssertTrue(fixed.plan.remapped)

        let o = Self.options(.f16, fused: true, adaptive: true, padFix: false, strict: false)
        let broken = try MSDAForward.run(tensors: t, options: o)
        XCTAssertFalse(broken.plan.remapped)
        XCTAssertEqual(broken.plan.bands.map(\.count), [1, 1], "one band per level: UB offsets are plane slots")

        let rounded = MSDAForward.roundedToHalf(t)
        let (quirk, affected) = Self.quirkForward(rounded, absolute: false)
        let (quirkAbs, _) = Self.quirkForward(rounded, absolute: true)
        XCTAssertGreaterThan(affected, 0, "some pairs straddle")
        // The kernel agrees with the quirk's prediction within the fp16 bound...
        let (worstQuirk, _) = ForwardTests.fp16Check(broken.output, quirk, quirkAbs, lp: shape.samplesPerHead)
        XCTAssertLessThanOrEqual(worstQuirk, 1, "output as the quirk predicts")
        // ...and not with the reference.
        let ref = MSDAReference.forward(rounded, threads: 2)
        let absT = try MSDATensors(shape: shape, value: rounded.value.map { abs($0) }, samplingLocations: rounded.samplingLocations,
                                   attentionWeights: rounded.attentionWeights.map { abs($0) })
        let (worstRef, maxError) = ForwardTests.fp16Check(broken.output, ref, MSDAReference.forward(absT, threads: 2), lp: shape.samplesPerHead)
        XCTAssertGreaterThan(worstRef, 10, "the wrong output is far outside the bound (max error \(maxError))")

        // Strict mode: the first straddling gather is an error, not a wrong result.
        XCTAssertThrowsError(try MSDAForward.run(tensors: t, options: Self.options(.f16, fused: true, adaptive: true, padFix: false, strict: true))) { e in
            XCTAssertEqual((e as? MSDAForwardError)?.runtime?.id, "gather.straddle", "\(e)")
        }
    }

    /// The forward as the chip computes it without the padding fix, in Double, from the brief's
    /// formulas and the quirk alone: every level's padded plane (one band) starts at a 32-byte
    /// aligned UB address, the pair of slot s (`s = (h0 + 1) * Wp + w0 + 1`, top and bottom row)
    /// is read at byte 2s, and when 2s = 30 mod 32 its second element is the one at slot s - 15.
    /// `absolute`: |value| and |a| (the S of the fp16 bound). Returns the output and how many
    /// pairs straddled.
    static func quirkForward(_ t: MSDATensors, absolute: Bool) -> (output: [Float], straddled: Int) {
        let s = t.shape
        let (B, Q, M, D, L, P) = (s.batch, s.queries, s.heads, s.channels, s.levelCount, s.points)
        var out = [Float](repeating: 0, count: s.outputCount)
        var straddled = 0
        for b in 0..<B {
            for q in 0..<Q {
                for m in 0..<M {
                    var acc = [Double](repeating: 0, count: D)
                    for l in 0..<L {
                        let (H, W) = (s.levels[l].height, s.levels[l].width)
                        let wp = W + 2
                        /// Value of padded slot `slot` (border: 0) at channel c.
                        func padded(_ slot: Int, _ c: Int) -> Double {
                            let y = slot / wp - 1, x = slot % wp - 1
                            guard y >= 0, y < H, x >= 0, x < W else { return 0 }
                            let v = Double(t.value[((b * s.keys + s.levelStart[l] + y * W + x) * M + m) * D + c])
                            return absolute ? abs(v) : v
                        }
                        for p in 0..<P {
                            let i = (((b * Q + q) * M + m) * L + l) * P + p
                            let x = t.samplingLocations[2 * i], y = t.samplingLocations[2 * i + 1]
                            var a = Double(t.attentionWeights[i])
                            if absolute { a = abs(a) }
                            let h = y * Float(H) - 0.5, w = x * Float(W) - 0.5
                            guard h > -1, h < Float(H), w > -1, w < Float(W) else { continue }
                            let h0 = h.rounded(.down), w0 = w.rounded(.down)
                            let lh = Double(h - h0), lw = Double(w - w0)
                            let weights = [(1 - lh) * (1 - lw), (1 - lh) * lw, lh * (1 - lw), lh * lw]
                            let top = (Int(h0) + 1) * wp + Int(w0) + 1
                            for (row, slot) in [top, top + wp].enumerated() {
                                let wrong = (2 * slot) % 32 == 30
                                if wrong { straddled += 1 }
                                for c in 0..<D {
                                    let left = padded(slot, c)
                                    let right = wrong ? padded(slot - 15, c) : padded(slot + 1, c)
                                    acc[c] += a * (weights[2 * row] * left + weights[2 * row + 1] * right)
                                }
                            }
                        }
                    }
                    for c in 0..<D { out[(b * Q + q) * M * D + m * D + c] = Float(acc[c]) }
                }
            }
        }
        return (out, straddled)
    }
}

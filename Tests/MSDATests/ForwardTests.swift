import Foundation
import XCTest
import Interpreter
import NPY
import MSDA

/// The forward kernel (kernels/msda_fwd.asm through `MSDAForward`) against `MSDAReference` on
/// generated shapes and against the PyTorch golden tensors. Expected values always come from the
/// reference (or the golden files), never from the kernel.
final class ForwardTests: XCTestCase {
    // MARK: - Helpers

    static func shape(_ bs: Int, _ levels: [(Int, Int)], q: Int, m: Int, d: Int, p: Int) -> MSDAShape {
        try! MSDAShape(batch: bs, levels: levels, queries: q, heads: m, channels: d, points: p)
    }

    static func tensors(_ shape: MSDAShape, seed: UInt64, edges: Bool = false) -> MSDATensors {
        MSDAWorkload(name: "forward-test", summary: "", shape: shape, seed: seed, style: edges ? .edges : .typical)
            .tensors(gradOutput: false)
    }

    /// The fp16 bound (docs/MSDA-forward.md, "Precision"): per element
    /// |ours - ref| <= 2^-11 |ref| + 2 (4LP + 4) 2^-24 S (1 + 2^-11) + 2^-25,
    /// with S = sum over the samples of |a| w_k |v_k| (the reference run on |value|, |a|).
    static func fp16Check(_ ours: [Float], _ ref: [Float], _ absSum: [Float], lp: Int) -> (worst: Double, maxError: Double) {
        var worst = 0.0, maxError = 0.0
        let u = 0x1p-24, terms = Double(4 * lp + 4)
        for i in ours.indices {
            let e = abs(Double(ours[i]) - Double(ref[i]))
            let bound = 0x1p-11 * abs(Double(ref[i])) + 2 * terms * u * Double(absSum[i]) * (1 + 0x1p-11) + 0x1p-25
            worst = max(worst, ours[i].isNaN ? .infinity : e / bound)
            maxError = max(maxError, e)
        }
        return (worst, maxError)
    }

    /// Runs the kernel and compares with the reference; returns the result for further checks.
    @discardableResult
    func check(_ t: MSDATensors, _ options: MSDAForwardOptions, _ label: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> MSDAForwardResult {
        let result = try MSDAForward.run(tensors: t, shape: t.shape, options: options)
        let s = t.shape
        if options.dtype == .f16 {
            let rounded = MSDAForward.roundedToHalf(t)
            let ref = MSDAReference.forward(rounded, threads: 2)
            let abs = try MSDATensors(shape: s, value: rounded.value.map { Swift.abs($0) },
                                      samplingLocations: rounded.samplingLocations,
                                      attentionWeights: rounded.attentionWeights.map { Swift.abs($0) })
            let absSum = MSDAReference.forward(abs, threads: 2)
            let (worst, maxError) = Self.fp16Check(result.output, ref, absSum, lp: s.samplesPerHead)
            print("forward \(label) [\(s)] f16 fused=\(result.plan.fused): max error \(maxError), worst error/bound \(worst), plan QB=\(result.plan.queriesPerBlock) NBUF=\(result.plan.planeBuffers) bands=\(result.plan.bands.map(\.count)), \(Int(result.report.kernelCycles)) cycles")
            XCTAssertLessThanOrEqual(worst, 1, "\(label): fp16 error above the derived bound", file: file, line: line)
        } else {
            let ref = MSDAReference.forward(t, threads: 2)
            let (error, bound) = errorAndBound(result.output, ref)
            print("forward \(label) [\(s)]: max |ours - ref| = \(error) (bound \(bound)), plan QB=\(result.plan.queriesPerBlock) NBUF=\(result.plan.planeBuffers) bands=\(result.plan.bands.map(\.count)), \(Int(result.report.kernelCycles)) cycles")
            XCTAssertLessThanOrEqual(error, bound, label, file: file, line: line)
        }
        XCTAssertEqual(result.output.count, s.outputCount, file: file, line: line)
        return result
    }

    static let fast = MSDAForwardOptions(cores: 4, threads: 2)

    static func options(_ dtype: MSDAForwardOptions.DType = .f32, mode: MSDAForwardOptions.Mode = .infer, fused: Bool = true,
                        cores: Int = 4, machine: Machine = Machine.ascend910B2C, qb: Int? = nil, nbuf: Int? = nil) -> MSDAForwardOptions {
        MSDAForwardOptions(dtype: dtype, mode: mode, fused: fused, machine: machine, cores: cores, threads: 2,
                           queriesPerBlock: qb, planeBuffers: nbuf)
    }

    /// A machine whose UB is `bytes`: planes that fit the 192 KB UB need bands here.
    static func smallUB(_ bytes: Int) -> Machine {
        var m = Machine.ascend910B2C
        m.name = "910b2c-ub\(bytes)"
        m.ubBytes = bytes
        return m
    }

    // MARK: - Generated shapes (fp32 unless said)

    func testSinglePixelMapOneQuery() throws {
        // L=1, P=1, H=W=1, D=8, Q=1, M=1: the smallest problem; every corner but one is padding.
        try check(Self.tensors(Self.shape(1, [(1, 1)], q: 1, m: 1, d: 8, p: 1), seed: 1), Self.options(), "1x1 map, Q=1")
    }

    func testOneLevelOnePoint() throws {
        try check(Self.tensors(Self.shape(1, [(5, 7)], q: 17, m: 1, d: 8, p: 1), seed: 2), Self.options(), "L=1 P=1")
    }

    func testHeightOneAndWidthOneLevels() throws {
        try check(Self.tensors(Self.shape(2, [(1, 9), (7, 1), (1, 1)], q: 21, m: 2, d: 8, p: 3), seed: 3), Self.options(), "H=1 / W=1 levels")
    }

    func testChannels256() throws {
        try check(Self.tensors(Self.shape(1, [(6, 5), (3, 3)], q: 19, m: 1, d: 256, p: 2), seed: 4), Self.options(), "D=256")
    }

    func testBatchThree() throws {
        try check(Self.tensors(Self.shape(3, [(6, 8), (3, 4)], q: 33, m: 2, d: 16, p: 3), seed: 5), Self.options(), "bs=3")
    }

    func testEightLevelsEightPoints() throws {
        let levels = [(9, 7), (5, 4), (3, 2), (2, 2), (1, 3), (4, 1), (2, 5), (1, 1)]
        try check(Self.tensors(Self.shape(1, levels, q: 12, m: 2, d: 8, p: 8), seed: 6), Self.options(), "L=8 P=8")
    }

    func testOddHeadsAndChannels() throws {
        try check(Self.tensors(Self.shape(2, [(10, 12), (5, 6)], q: 45, m: 3, d: 24, p: 4), seed: 7), Self.options(), "M=3 D=24")
    }

    func testEdgeLocationsNaNInfinityOutside() throws {
        // Border, outside and far-outside locations, NaN and +-infinity: they add nothing.
        let t = Self.tensors(Self.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 8, edges: true)
        XCTAssertTrue(t.samplingLocations.contains { $0.isNaN }, "the edges style must produce NaN locations")
        XCTAssertTrue(t.samplingLocations.contains { $0.isInfinite })
        let r = try check(t, Self.options(), "edges")
        XCTAssertFalse(r.output.contains { !$0.isFinite })
    }

    func testAllLocationsInvalidGiveZero() throws {
        // Every location NaN, infinite or outside: the output is exactly zero.
        let s = Self.shape(1, [(4, 4), (2, 2)], q: 20, m: 2, d: 8, p: 2)
        let base = Self.tensors(s, seed: 9)
        let bad: [Float] = [.nan, .infinity, -.infinity, -0.75, 1.6, 3]
        let locations = base.samplingLocations.indices.map { bad[$0 % bad.count] }
        let t = try MSDATensors(shape: s, value: base.value, samplingLocations: locations, attentionWeights: base.attentionWeights)
        let r = try check(t, Self.options(), "all invalid")
        XCTAssertEqual(r.output, [Float](repeating: 0, count: s.outputCount))
    }

    func testQueriesNotAMultipleOfTheBlock() throws {
        // Q = 70 with QB pinned to 32: two full blocks and a tail of 6 queries.
        let r = try check(Self.tensors(Self.shape(1, [(8, 8)], q: 70, m: 2, d: 16, p: 2), seed: 10), Self.options(qb: 32), "tail block")
        XCTAssertEqual(r.plan.queriesPerBlock, 32)
    }

    func testSingleBufferedPlanes() throws {
        let r = try check(Self.tensors(Self.shape(2, [(9, 11), (4, 5)], q: 30, m: 2, d: 16, p: 4), seed: 11), Self.options(nbuf: 1), "NBUF=1")
        XCTAssertEqual(r.plan.planeBuffers, 1)
    }

    func testManyCoresFewUnitsAndOneCore() throws {
        let t = Self.tensors(Self.shape(1, [(6, 6)], q: 10, m: 1, d: 8, p: 2), seed: 12)
        try check(t, Self.options(cores: 48), "48 cores, one unit")
        try check(t, Self.options(cores: 1), "1 core")
    }

    // MARK: - Bands

    func testBandsOnASmallUB() throws {
        // A 12 KB UB: the 40x30 fp32 plane (42 x 32 x 4 = 5376 bytes) needs bands.
        let t = Self.tensors(Self.shape(1, [(40, 30), (10, 8)], q: 24, m: 2, d: 8, p: 2), seed: 13)
        let r = try check(t, Self.options(machine: Self.smallUB(12288), qb: 16), "bands, 12 KB UB")
        XCTAssertGreaterThan(r.plan.bands[0].count, 1, "the big level must be split into bands")
    }

    func testBandsFused16AndTwoRowBands() throws {
        // fp16 fused with bands (the remap restarts at multiples of 15 slots), and a plane buffer
        // so small that the wide level gets bands of very few rows.
        let t = Self.tensors(Self.shape(1, [(30, 60), (6, 7)], q: 20, m: 1, d: 8, p: 3), seed: 14)
        let r = try check(t, Self.options(.f16, machine: Self.smallUB(10240), qb: 16), "bands, f16 fused")
        XCTAssertGreaterThan(r.plan.bands[0].count, 1)
        let r2 = try check(t, Self.options(.f16, fused: false, machine: Self.smallUB(10240), qb: 16), "bands, f16 unfused")
        XCTAssertGreaterThan(r2.plan.bands[0].count, 1)
    }

    func testTwoRowBands() throws {
        // A plane buffer that holds only a few padded rows of a wide fp32 level: every band is
        // 2 or 3 rows, consecutive bands share a row, and each sample lies in exactly one band.
        let t = Self.tensors(Self.shape(1, [(12, 100), (3, 3)], q: 16, m: 1, d: 8, p: 2), seed: 25)
        var machine = Self.smallUB(10240)
        let probe = try MSDAForwardPlan.choose(shape: t.shape, f16: false, fused: false, train: false, machine: machine,
                                               cores: 4, queriesPerBlock: 16, planeBuffers: 2)
        // Shrink the UB until the level gets bands of at most 3 rows (102 * 4 bytes per row).
        machine.ubBytes -= max(0, probe.planeCapacity - 3 * 102 * 4) * 2 / 32 * 32
        let r = try check(t, Self.options(machine: machine, qb: 16, nbuf: 2), "few-row bands")
        XCTAssertLessThanOrEqual(r.plan.bands[0].rows, 3)
        XCTAssertGreaterThanOrEqual(r.plan.bands[0].count, 6)
    }

    func testBigLevelOnTheRealUB() throws {
        // A 300x300 fp32 plane (363 KB) does not fit the 192 KB UB: bands on the real machine.
        let t = Self.tensors(Self.shape(1, [(300, 300)], q: 16, m: 1, d: 8, p: 1), seed: 15)
        let r = try check(t, Self.options(cores: 2), "300x300 level")
        XCTAssertGreaterThan(r.plan.bands[0].count, 1)
    }

    func testPlaneTooWideIsRefused() throws {
        // Two padded rows of 20000 fp32 pixels (160 KB) cannot fit beside the buffers of a 64 KB UB.
        let t = Self.tensors(Self.shape(1, [(2, 20000)], q: 1, m: 1, d: 8, p: 1), seed: 16)
        XCTAssertThrowsError(try MSDAForward.run(tensors: t, options: Self.options(machine: Self.smallUB(65536)))) { error in
            let e = error as? MSDAForwardError
            XCTAssertEqual(e?.id, .plan)
            XCTAssertTrue(e?.message.contains("two padded rows") ?? false, e?.message ?? "")
        }
    }

    // MARK: - fp16

    func testHalfFused() throws {
        let r = try check(Self.tensors(Self.shape(2, [(12, 10), (6, 5), (3, 3)], q: 50, m: 4, d: 16, p: 4), seed: 17),
                          Self.options(.f16), "f16 fused")
        XCTAssertTrue(r.plan.fused)
    }

    func testHalfUnfused() throws {
        let r = try check(Self.tensors(Self.shape(2, [(12, 10), (6, 5), (3, 3)], q: 50, m: 4, d: 16, p: 4), seed: 17),
                          Self.options(.f16, fused: false), "f16 unfused")
        XCTAssertFalse(r.plan.fused)
    }

    func testHalfFusedEdgesAndWideRows() throws {
        // Rows long enough that many pairs would start at byte 30 mod 32 without the remap
        // (the driver runs strict, so a straddling 4-byte gather would be an error).
        let t = Self.tensors(Self.shape(1, [(9, 47), (1, 31), (3, 1)], q: 37, m: 2, d: 8, p: 4), seed: 18, edges: true)
        try check(t, Self.options(.f16), "f16 fused edges")
    }

    func testHalfD256() throws {
        try check(Self.tensors(Self.shape(1, [(4, 6)], q: 9, m: 1, d: 256, p: 1), seed: 19), Self.options(.f16), "f16 D=256")
    }

    // MARK: - Training mode: the stored corners

    /// Corner k of (b, q, m, l, p), channel c, from the reference formulas: the value at the
    /// corner when the sample is valid and the corner in the map, else 0.
    static func referenceCorner(_ t: MSDATensors, b: Int, q: Int, m: Int, l: Int, p: Int, k: Int, c: Int) -> Float {
        let s = t.shape, level = s.levels[l]
        let i = (((b * s.queries + q) * s.heads + m) * s.levelCount + l) * s.points + p
        let x = t.samplingLocations[2 * i], y = t.samplingLocations[2 * i + 1]
        let h = y * Float(level.height) - 0.5, w = x * Float(level.width) - 0.5
        guard h > -1, w > -1, h < Float(level.height), w < Float(level.width) else { return 0 }
        let yy = Int(h.rounded(.down)) + (k - 1) / 2, xx = Int(w.rounded(.down)) + (k - 1) % 2
        guard yy >= 0, yy < level.height, xx >= 0, xx < level.width else { return 0 }
        let key = s.levelStart[l] + yy * level.width + xx
        return t.value[((b * s.keys + key) * s.heads + m) * s.channels + c]
    }

    func checkCorners(_ t: MSDATensors, _ r: MSDAForwardResult, file: StaticString = #filePath, line: UInt = #line) {
        let s = t.shape
        XCTAssertEqual(r.corners?.count, s.batch * s.heads * s.levelCount * s.channels * 4 * s.points * s.queries, file: file, line: line)
        var mismatches = 0, nonzero = 0
        for b in 0..<s.batch { for q in 0..<s.queries { for m in 0..<s.heads { for l in 0..<s.levelCount {
            for p in 0..<s.points { for k in 1...4 { for c in 0..<s.channels {
                let expected = Self.referenceCorner(t, b: b, q: q, m: m, l: l, p: p, k: k, c: c)
                let got = r.corner(b: b, q: q, m: m, l: l, p: p, k: k, c: c)
                if got != expected { mismatches += 1 }
                if expected != 0 { nonzero += 1 }
            } } }
        } } } }
        XCTAssertEqual(mismatches, 0, "stored corners differ from the reference corners", file: file, line: line)
        XCTAssertGreaterThan(nonzero, 0, file: file, line: line)
    }

    func testTrainingStoresCornersF32() throws {
        let t = Self.tensors(Self.shape(2, [(7, 9), (3, 4)], q: 35, m: 2, d: 8, p: 3), seed: 20, edges: true)
        let r = try check(t, Self.options(mode: .train), "train f32")
        checkCorners(t, r)
    }

    func testTrainingStoresCornersF16Fused() throws {
        let t = MSDAForward.roundedToHalf(Self.tensors(Self.shape(1, [(8, 20), (4, 5)], q: 21, m: 2, d: 16, p: 2), seed: 21))
        let r = try check(t, Self.options(.f16, mode: .train), "train f16 fused")
        checkCorners(t, r)
    }

    func testTrainingStoresCornersWithBands() throws {
        // Band mode stores the corners with atomic adds (each band contributes its samples).
        let t = MSDAForward.roundedToHalf(Self.tensors(Self.shape(1, [(30, 90), (5, 5)], q: 19, m: 1, d: 8, p: 2), seed: 22))
        let r = try check(t, Self.options(.f16, mode: .train, machine: Self.smallUB(12288), qb: 16, nbuf: 2), "train f16 bands")
        XCTAssertGreaterThan(r.plan.bands[0].count, 1)
        checkCorners(t, r)
    }

    // MARK: - Golden (PyTorch) sets

    private func golden(_ set: String, cores: Int) throws {
        let t = try MSDATensors.load(directory: try goldenDirectory(set))
        let r = try MSDAForward.run(tensors: t, options: Self.options(cores: cores))
        let reference = try goldenFloats(set, "output.npy")
        let (error, bound) = errorAndBound(r.output, reference.values)
        print("forward golden \(set): max |ours - torch| = \(error) (bound \(bound)), \(Int(r.report.kernelCycles)) cycles on \(cores) cores")
        XCTAssertLessThanOrEqual(error, bound, set)
    }

    func testGoldenTiny() throws { try golden("tiny", cores: 4) }
    func testGoldenDetrDecoder() throws { try golden("detr-decoder", cores: 8) }
    func testGoldenEncoderEdges() throws { try golden("encoder-edges", cores: 8) }

    // MARK: - Robustness

    func testSameResultWithAnyHostThreadCount() throws {
        let t = Self.tensors(Self.shape(1, [(6, 7), (3, 3)], q: 40, m: 2, d: 8, p: 2), seed: 23)
        var one = Self.options(cores: 4); one.threads = 1
        var four = Self.options(cores: 4); four.threads = 4
        let a = try MSDAForward.run(tensors: t, options: one), b = try MSDAForward.run(tensors: t, options: four)
        XCTAssertEqual(bits(a.output), bits(b.output))
        XCTAssertEqual(a.report.cycles, b.report.cycles)
    }

    func testKernelTrapsOnAPointCountItWasNotAssembledFor() throws {
        // The kernel checks its runtime parameters against its -D values: built for P = 2 (NP),
        // given npts = 3, it stops with trap 1 instead of computing garbage.
        let t = Self.tensors(Self.shape(1, [(4, 4)], q: 4, m: 1, d: 8, p: 2), seed: 24)
        let plan = try MSDAForwardPlan.choose(shape: t.shape, f16: false, fused: false, train: false,
                                              machine: Machine.ascend910B2C, cores: 1)
        let program = try MSDAForward.assemble(plan)
        var args = MSDAForward.kernelArguments(t, plan)
        args["npts"] = .int(3)
        guard case .failure(let e) = Simulator.run(program: program, machine: Machine.ascend910B2C, arguments: args,
                                                   options: RunOptions(cores: 1)) else {
            return XCTFail("the kernel must trap")
        }
        XCTAssertEqual(e.id, "trap")
        XCTAssertEqual(e.addresses, [1], "\(e)")
    }

    func testKernelIsFound() throws {
        let path = try MSDAKernels.locate(MSDAKernels.forward)
        XCTAssertTrue(path.hasSuffix("kernels/msda_fwd.asm"), path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }
}

import XCTest
import Interpreter
import MSDA

/// The vendor-style forward (kernels/vendor/msda_fwd.asm through `MSDAVendor.forward`) against
/// `MSDAReference.forward`: expected values come from the reference, never from the kernel.
final class VendorForwardTests: XCTestCase {
    static func tensors(_ bs: Int, _ levels: [(Int, Int)], q: Int, m: Int, d: Int, p: Int, seed: UInt64, edges: Bool = false) -> MSDATensors {
        let shape = try! MSDAShape(batch: bs, levels: levels, queries: q, heads: m, channels: d, points: p)
        return MSDAWorkload(name: "vendor-test", summary: "", shape: shape, seed: seed, style: edges ? .edges : .typical).tensors()
    }

    @discardableResult
    func check(_ t: MSDATensors, _ label: String, dtype: MSDAForwardOptions.DType = .f32, cores: Int = 4, qb: Int? = nil,
               file: StaticString = #filePath, line: UInt = #line) throws -> MSDAVendorForwardResult {
        let options = MSDAForwardOptions(dtype: dtype, cores: cores, threads: 2, queriesPerBlock: qb)
        let result = try MSDAVendor.forward(tensors: t, options: options)
        let s = t.shape
        XCTAssertEqual(result.output.count, s.outputCount, file: file, line: line)
        if dtype == .f16 {
            let rounded = MSDAForward.roundedToHalf(t)
            let ref = MSDAReference.forward(rounded, threads: 2)
            let abs = try MSDATensors(shape: s, value: rounded.value.map { Swift.abs($0) }, samplingLocations: rounded.samplingLocations,
                                      attentionWeights: rounded.attentionWeights.map { Swift.abs($0) })
            let absSum = MSDAReference.forward(abs, threads: 2)
            let (worst, maxError) = ForwardTests.fp16Check(result.output, ref, absSum, lp: s.samplesPerHead)
            print("vendor forward \(label) [\(s)] f16: max error \(maxError), worst error/bound \(worst), QB=\(result.plan.queriesPerBlock), \(Int(result.timing.runs[0].report.kernelCycles)) cycles")
            XCTAssertLessThanOrEqual(worst, 1, label, file: file, line: line)
        } else {
            let ref = MSDAReference.forward(t, threads: 2)
            let (error, bound) = errorAndBound(result.output, ref)
            print("vendor forward \(label) [\(s)]: max |ours - ref| = \(error) (bound \(bound)), QB=\(result.plan.queriesPerBlock), \(Int(result.timing.runs[0].report.kernelCycles)) cycles")
            XCTAssertLessThanOrEqual(error, bound, label, file: file, line: line)
        }
        return result
    }

    func testTiny() throws {
        try check(MSDAWorkload.named("tiny").tensors(), "tiny")
    }

    /// One level, one point (LP = 1: 8 lanes per group, 7 of them padding).
    func testOneLevelOnePoint() throws {
        try check(Self.tensors(1, [(9, 7)], q: 21, m: 3, d: 16, p: 1, seed: 11), "L=1 P=1")
    }

    /// 1-pixel-wide and 1-pixel-high levels, border and NaN/infinite locations (`edges` style):
    /// the pair copy of a W = 1 level reads the next key (the spare pixel after the last one).
    func testEdgesAndOneWideLevels() throws {
        try check(MSDAWorkload.named("edges").tensors(), "edges workload")
        try check(Self.tensors(2, [(5, 1), (1, 1), (1, 6)], q: 17, m: 2, d: 8, p: 3, seed: 12, edges: true), "W=1 edges", cores: 3)
    }

    /// D = 256: one pixel's channels are 1 KB, the corner buffers 4 * L * P KB.
    func testWideChannels() throws {
        try check(Self.tensors(1, [(6, 5), (3, 3)], q: 9, m: 2, d: 256, p: 2, seed: 13), "D=256")
    }

    /// Batch 3 with blocks that do not divide Q, more units than cores, pinned QB.
    func testBatchesAndBlocks() throws {
        let t = Self.tensors(3, [(12, 10), (6, 5), (3, 3)], q: 23, m: 4, d: 8, p: 4, seed: 14)
        try check(t, "QB chosen")
        try check(t, "QB=3", qb: 3)
        try check(t, "QB=1 on 5 cores", cores: 5, qb: 1)
    }

    /// fp16 storage: within the derived bound of docs/MSDA-forward.md ("Precision"), D = 8 (a
    /// pixel is half a 32-byte block, so slots are padded) and D = 32.
    func testHalfStorage() throws {
        try check(Self.tensors(2, [(8, 8), (4, 4)], q: 10, m: 2, d: 8, p: 2, seed: 15, edges: true), "f16 D=8 edges", dtype: .f16)
        try check(Self.tensors(1, [(10, 15), (5, 8)], q: 30, m: 8, d: 32, p: 4, seed: 16), "f16 D=32", dtype: .f16)
    }

    /// The same output whatever the host thread count (bit patterns).
    func testDeterministic() throws {
        let t = try MSDAWorkload.named("small").tensors()
        let a = try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 6, threads: 1))
        let b = try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 6, threads: 3))
        XCTAssertEqual(bits(a.output), bits(b.output))
        XCTAssertEqual(a.timing.cycles, b.timing.cycles)
    }

    /// Golden PyTorch tensors (Golden/README.md): the output.
    func testGolden() throws {
        for set in ["tiny", "detr-decoder", "encoder-edges"] {
            let t = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
            let result = try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 8, threads: 2))
            let reference = try goldenFloats(set, "output.npy")
            let (error, bound) = errorAndBound(result.output, reference.values)
            print("vendor forward golden \(set): max |ours - ref| = \(error) (bound \(bound))")
            XCTAssertLessThanOrEqual(error, bound, set)
        }
    }

    /// Bad input gives an error value, not a crash: more cores than the machine has; a QB pin
    /// that cannot fit the UB.
    func testErrors() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        XCTAssertThrowsError(try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 49))) { error in
            XCTAssertEqual((error as? MSDAForwardError)?.id, .input)
        }
        XCTAssertThrowsError(try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 4, queriesPerBlock: 2000))) { error in
            XCTAssertEqual((error as? MSDAForwardError)?.id, .plan)
        }
    }
}

import XCTest
import MSDA

/// The reference must give bit-identical results on every run and for any thread count
/// (brief/msda.md: "the same result on every run and with any number of host threads").
final class DeterminismTests: XCTestCase {
    func testBitIdenticalAcrossRunsAndThreadCounts() throws {
        for name in ["small", "edges"] {
            let tensors = try MSDAWorkload.named(name).tensors()
            let output = MSDAReference.forward(tensors, threads: 1)
            let grads = try MSDAReference.backward(tensors, threads: 1)
            XCTAssertFalse(output.contains { $0.isNaN }, name)
            XCTAssertTrue(grads.value.contains { $0 != 0 }, name)
            for threads in [1, 2, 3, 8, 64] {
                XCTAssertEqual(bits(MSDAReference.forward(tensors, threads: threads)), bits(output), "\(name) threads \(threads)")
                let again = try MSDAReference.backward(tensors, threads: threads)
                XCTAssertEqual(bits(again.value), bits(grads.value), "\(name) grad_value threads \(threads)")
                XCTAssertEqual(bits(again.samplingLocations), bits(grads.samplingLocations), "\(name) grad_loc threads \(threads)")
                XCTAssertEqual(bits(again.attentionWeights), bits(grads.attentionWeights), "\(name) grad_attn threads \(threads)")
            }
        }
    }

    func testGeneratedWorkloadsAreReproducible() throws {
        for name in ["tiny", "small", "edges"] {
            let a = try MSDAWorkload.named(name).tensors(), b = try MSDAWorkload.named(name).tensors()
            XCTAssertEqual(bits(a.value), bits(b.value), name)
            XCTAssertEqual(bits(a.samplingLocations), bits(b.samplingLocations), name)
            XCTAssertEqual(bits(a.attentionWeights), bits(b.attentionWeights), name)
            XCTAssertEqual(a.gradOutput.map(bits), b.gradOutput.map(bits), name)
            // Leaving out grad_output does not change the other tensors (separate streams).
            let c = try MSDAWorkload.named(name).tensors(gradOutput: false)
            XCTAssertNil(c.gradOutput)
            XCTAssertEqual(bits(c.samplingLocations), bits(a.samplingLocations), name)
        }
    }
}

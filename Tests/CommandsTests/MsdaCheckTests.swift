import XCTest
import MSDA
@testable import Commands

/// `--check` never passes what it could not compare: a result of the wrong length, or a
/// reference that cannot run, is a failed check with an infinite error.
final class MsdaCheckTests: XCTestCase {
    func testWrongLengthFailsForBothStorageTypes() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        for dtype in [MSDAForwardOptions.DType.f32, .f16] {
            let c = MsdaCheck.forward(ours: [0, 0, 0], tensors: t, dtype: dtype, threads: 1)
            XCTAssertFalse(c.ok, "\(dtype)")
            XCTAssertEqual(c.maxAbsError, .infinity, "\(dtype)")
        }
    }

    func testReferenceFailureFailsEveryGradient() {
        let checks = MsdaCheck.referenceFailed("rule")
        XCTAssertEqual(checks.map(\.tensor), ["grad_value", "grad_sampling_locations", "grad_attention_weights"])
        XCTAssertTrue(checks.allSatisfy { !$0.ok && $0.maxAbsError == .infinity })
        XCTAssertTrue(checks.allSatisfy { $0.rule.hasSuffix("the reference backward failed on these inputs") })
    }
}

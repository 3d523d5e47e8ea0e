import Foundation
import XCTest
import Interpreter
import MSDA

/// The drivers keep only what they use of a run: the forward's report holds "out" (the corners
/// are decoded into `corners`, or moved on to the backward), the backward's report its three
/// gradients; the arguments bind zero-filled outputs with `.zeros`; `maxGMBytes` reaches the runs.
final class MemoryFootprintTests: XCTestCase {
    static let tensors = try! MSDAWorkload.named("tiny").tensors()

    func testForwardReportHoldsOnlyTheOutput() throws {
        for mode in [MSDAForwardOptions.Mode.infer, .train] {
            let r = try MSDAForward.run(tensors: Self.tensors, options: MSDAForwardOptions(mode: mode, cores: 2, threads: 2))
            XCTAssertEqual(Set(r.report.outputs.keys), ["out"], "\(mode)")
            XCTAssertEqual(r.corners == nil, mode == .infer, "\(mode)")
            XCTAssertEqual(Set(r.report.bindings.map(\.name)), Set(["value", "samp", "out", "levels"] + (mode == .train ? ["corners"] : [])))
        }
    }

    func testBackwardKeepsTheGradientsAndNotTheCorners() throws {
        let r = try MSDABackward.run(tensors: Self.tensors, options: MSDABackwardOptions(cores: 2, threads: 2))
        XCTAssertEqual(Set(r.report.outputs.keys), ["gvalue", "gattn", "gloc"])
        XCTAssertNil(r.forward.corners)
        XCTAssertEqual(Set(r.forward.report.outputs.keys), ["out"])
        XCTAssertEqual(r.forward.output.count, Self.tensors.shape.outputCount)
    }

    func testOutputsAreBoundAsZeros() throws {
        let s = Self.tensors.shape
        let plan = try MSDAForwardPlan.choose(shape: s, f16: false, fused: false, train: true, machine: Machine.ascend910B2C, cores: 2)
        let args = MSDAForward.kernelArguments(Self.tensors, plan)
        let corners = s.batch * s.heads * s.levelCount * s.channels * 4 * s.points * s.queries * 4
        XCTAssertEqual(args["corners"], .zeros(byteCount: corners, elementType: .f32, shape: [s.batch, s.heads, s.levelCount, s.channels, 2, s.points, s.queries, 2]))
        guard case .zeros = args["out"] else { return XCTFail("out is not bound as zeros") }
    }

    func testCapReachesBothRuns() {
        XCTAssertThrowsError(try MSDAForward.run(tensors: Self.tensors, options: MSDAForwardOptions(cores: 2, maxGMBytes: 4096))) { e in
            XCTAssertEqual((e as? MSDAForwardError)?.runtime?.id, "gm.size")
        }
        XCTAssertThrowsError(try MSDABackward.run(tensors: Self.tensors, options: MSDABackwardOptions(cores: 2, maxGMBytes: 4096))) { e in
            XCTAssertEqual((e as? MSDABackwardError)?.id, .forward)
            XCTAssertEqual((e as? MSDABackwardError)?.runtime?.id, "gm.size")
        }
    }
}

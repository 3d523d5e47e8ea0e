import Foundation
import XCTest
import Interpreter
import MSDA

/// The `paper` workload forward on the model. Skipped unless MSDA_FWD_PAPER=1; meant for
/// `MSDA_FWD_PAPER=1 swift test -c release --filter MSDATests.ForwardPaperTests`
/// (MSDA_FWD_DTYPE=f32|f16, MSDA_FWD_MODE=infer|train, MSDA_FWD_FUSED=0|1, MSDA_FWD_QB, MSDA_FWD_NBUF).
final class ForwardPaperTests: XCTestCase {
    func testPaperForward() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["MSDA_FWD_PAPER"] == "1" else { throw XCTSkip("set MSDA_FWD_PAPER=1 to run the paper workload forward") }
        let t = try MSDAWorkload.named("paper").tensors(gradOutput: false)
        var options = MSDAForwardOptions(dtype: env["MSDA_FWD_DTYPE"] == "f32" ? .f32 : .f16,
                                         mode: env["MSDA_FWD_MODE"] == "train" ? .train : .infer,
                                         fused: env["MSDA_FWD_FUSED"] != "0", checks: false)
        options.queriesPerBlock = env["MSDA_FWD_QB"].flatMap { Int($0) }
        options.planeBuffers = env["MSDA_FWD_NBUF"].flatMap { Int($0) }
        let start = Date()
        let r = try MSDAForward.run(tensors: t, options: options)
        let host = Date().timeIntervalSince(start)
        let rep = r.report
        print(String(format: "paper forward %@ %@ fused=%d: QB=%d NBUF=%d bands=%@ estimate %.0f; %.1f us (kernel %.0f cycles); vec %.3f scalar %.3f mte2 %.3f mte3 %.3f; host %.1f s (functional %.1f, timing %.1f)",
                     options.dtype.rawValue, options.mode.rawValue, r.plan.fused ? 1 : 0, r.plan.queriesPerBlock, r.plan.planeBuffers,
                     "\(r.plan.bands.map(\.count))", r.plan.estimatedCycles, rep.microseconds, rep.kernelCycles,
                     rep.ratios.vector, rep.ratios.scalar, rep.ratios.mte2, rep.ratios.mte3, host, rep.functionalSeconds, rep.timingSeconds))
        if env["MSDA_FWD_CHECK"] == "1" {
            let ref = MSDAReference.forward(options.dtype == .f16 ? MSDAForward.roundedToHalf(t) : t, threads: 2)
            var e = 0.0
            for i in ref.indices { e = max(e, Double(abs(ref[i] - r.output[i]))) }
            print("paper forward max |ours - ref| = \(e)")
        }
        XCTAssertGreaterThan(rep.kernelCycles, 0)
    }
}

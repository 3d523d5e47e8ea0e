import Foundation
import XCTest
import MSDA

/// Wall time of the reference on the `paper` workload. Skipped unless MSDA_TIMING=1; meant for
/// `MSDA_TIMING=1 swift test -c release --filter PaperTimingTests` (debug builds are ~50x slower).
final class PaperTimingTests: XCTestCase {
    func testPaperForwardAndBackwardWallTime() throws {
        guard ProcessInfo.processInfo.environment["MSDA_TIMING"] == "1" else {
            throw XCTSkip("set MSDA_TIMING=1 to time the reference on the paper workload")
        }
        let threads = Int(ProcessInfo.processInfo.environment["MSDA_THREADS"] ?? "") ?? 1
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var tensors: MSDATensors?
        let generate = seconds { tensors = try? MSDAWorkload.named("paper").tensors() }
        let t = try XCTUnwrap(tensors)
        var output: [Float] = []
        let forward = seconds { output = MSDAReference.forward(t, threads: threads) }
        var grads: MSDAGradients?
        let backward = try seconds { grads = try MSDAReference.backward(t, threads: threads) }
        print(String(format: "paper (threads %d): generate %.2f s, forward %.2f s, backward %.2f s", threads, generate, forward, backward))
        XCTAssertEqual(output.count, t.shape.outputCount)
        XCTAssertTrue(grads?.value.contains { $0 != 0 } ?? false)
    }
}

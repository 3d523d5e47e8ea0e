import XCTest
import MSDA

final class WorkloadTests: XCTestCase {
    func testNamesAndShapes() throws {
        XCTAssertEqual(MSDAWorkload.names, ["tiny", "small", "edges", "detr", "detr-encoder", "paper"])
        let detr = try MSDAWorkload.named("detr").shape
        XCTAssertEqual(detr.description, "bs=1 levels=[100x150,50x75,25x38,13x19] S=19947 Q=300 M=8 D=32 P=4")
        XCTAssertEqual(try MSDAWorkload.named("detr-encoder").shape.queries, 15000 + 3750 + 950 + 247)
        let paper = try MSDAWorkload.named("paper").shape
        XCTAssertEqual(paper.keys, 87296)
        XCTAssertEqual(paper.queries, 87296)
        XCTAssertEqual(paper.levelStart, [0, 65536, 81920, 86016, 87040])
        XCTAssertEqual([paper.heads, paper.channels, paper.points, paper.batch], [8, 32, 4, 1])
        let edges = try MSDAWorkload.named("edges").shape
        XCTAssertTrue(edges.levels.contains { $0.height == 1 } && edges.levels.contains { $0.width == 1 })
        let e = msdaError { () throws(MSDAError) in try MSDAWorkload.named("nope") }
        XCTAssertEqual(e?.id, .workload)
        XCTAssertTrue(e?.message.contains("tiny, small, edges, detr, detr-encoder, paper") ?? false)
    }

    /// SplitMix64 against the published outputs of the reference C code for seed 1234567.
    func testSplitMix64MatchesReferenceSequence() {
        var rng = SplitMix64(seed: 1234567)
        XCTAssertEqual((0..<5).map { _ in rng.next() },
                       [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821])
    }

    func testDetrInputStatistics() throws {
        let t = try MSDAWorkload.named("detr").tensors()
        let n = Double(t.samplingLocations.count)
        let below = Double(t.samplingLocations.filter { $0 < 0 }.count) / n
        let above = Double(t.samplingLocations.filter { $0 > 1 }.count) / n
        XCTAssertEqual(below, 0.05, accuracy: 0.005, "about 5% below 0")
        XCTAssertEqual(above, 0.05, accuracy: 0.005, "about 5% above 1")
        XCTAssertTrue(t.samplingLocations.allSatisfy { $0 > -0.1 - 1e-6 && $0 < 1.1 + 1e-6 })
        // Attention weights: a softmax over L*P per (b, q, m).
        let group = t.shape.samplesPerHead
        for start in stride(from: 0, to: t.attentionWeights.count, by: group) {
            let sum = t.attentionWeights[start..<(start + group)].reduce(0, +)
            XCTAssertEqual(sum, 1, accuracy: 1e-5)
        }
        XCTAssertTrue(t.attentionWeights.allSatisfy { $0 > 0 && $0 < 1 })
        XCTAssertTrue(t.value.allSatisfy { $0 >= -1 && $0 < 1 })
        let mean = t.value.reduce(0, +) / Float(t.value.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
    }

    func testEdgesWorkloadHasBorderCases() throws {
        let t = try MSDAWorkload.named("edges").tensors()
        let locs = t.samplingLocations
        XCTAssertTrue(locs.contains { $0.isNaN })
        XCTAssertTrue(locs.contains { $0.isInfinite })
        XCTAssertTrue(locs.contains(0) && locs.contains(1))
        XCTAssertTrue(locs.contains { $0 < -1 } && locs.contains { $0 > 2 })
        // Samples of every kind occur: valid, invalid, and partly outside (zero padding).
        let out = MSDAReference.forward(t)
        XCTAssertFalse(out.contains { $0.isNaN || $0.isInfinite })
        let g = try MSDAReference.backward(t)
        XCTAssertFalse(g.samplingLocations.contains { $0.isNaN })
        XCTAssertTrue(g.samplingLocations.contains(0) && g.samplingLocations.contains { $0 != 0 })
    }
}

final class SplitMix64Tests: XCTestCase {
    /// below(n) must cover 0..<n roughly uniformly (a precedence slip once made it always 0).
    func testBelowIsUniform() {
        var rng = SplitMix64(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.below(7)] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 500) }
        XCTAssertTrue((0..<1000).allSatisfy { _ in (0..<1).contains(rng.below(1)) })
        let u = (0..<10_000).map { _ in rng.unit() }
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Double(u.reduce(0, +)) / 10_000, 0.5, accuracy: 0.02)
    }
}

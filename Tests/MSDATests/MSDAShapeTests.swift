import XCTest
import MSDA

final class MSDAShapeTests: XCTestCase {
    private func shapeError(bs: Int = 1, levels: [(Int, Int)] = [(4, 4)], q: Int = 1, m: Int = 1, d: Int = 8, p: Int = 1,
                            line: UInt = #line) -> MSDAError? {
        msdaError({ () throws(MSDAError) in
            try MSDAShape(batch: bs, levels: levels, queries: q, heads: m, channels: d, points: p)
        }, line: line)
    }

    func testPaperShapeDerivedSizes() throws {
        let s = try MSDAShape(batch: 1, levels: [(256, 256), (128, 128), (64, 64), (32, 32), (16, 16)],
                              queries: 87296, heads: 8, channels: 32, points: 4)
        // brief/msda.md: S = 87296, level_start_index [0, 65536, 81920, 86016, 87040], 13.97 M samples.
        XCTAssertEqual(s.keys, 87296)
        XCTAssertEqual(s.levelStart, [0, 65536, 81920, 86016, 87040])
        XCTAssertEqual(s.sampleCount, 13_967_360)
        XCTAssertEqual(s.valueCount * 2, 44_695_552)  // "value 44.7 MB in fp16"
        XCTAssertEqual(s.samplingLocationsShape, [1, 87296, 8, 5, 4, 2])
        XCTAssertEqual(s.outputShape, [1, 87296, 256])
    }

    func testRangesAreEnforced() {
        XCTAssertEqual(shapeError(bs: 0)?.id, .shape)
        XCTAssertEqual(shapeError(levels: [])?.id, .shape)
        XCTAssertEqual(shapeError(levels: [(1, 1)] + [(2, 2)] + [(2, 2)] + [(2, 2)] + [(2, 2)] + [(2, 2)] + [(2, 2)] + [(2, 2)] + [(2, 2)])?.id, .shape)
        XCTAssertEqual(shapeError(levels: [(0, 4)])?.id, .shape)
        XCTAssertEqual(shapeError(levels: [(4, -1)])?.id, .shape)
        XCTAssertEqual(shapeError(q: 0)?.id, .shape)
        XCTAssertEqual(shapeError(m: 0)?.id, .shape)
        for d in [0, 4, 12, 264, -8] { XCTAssertEqual(shapeError(d: d)?.id, .shape, "D = \(d)") }
        for p in [0, 9] { XCTAssertEqual(shapeError(p: p)?.id, .shape, "P = \(p)") }
        XCTAssertTrue(shapeError(d: 12)?.message.contains("multiple of 8") ?? false)
        // The limits themselves are legal.
        XCTAssertNoThrow(try MSDAShape(batch: 1, levels: Array(repeating: (1, 1), count: 8), queries: 1, heads: 1, channels: 256, points: 8))
    }

    func testSizesThatOverflowAreRejected() {
        XCTAssertEqual(shapeError(levels: [(1 << 32, 1 << 32)])?.id, .shape)             // H*W overflows
        XCTAssertEqual(shapeError(levels: [(1 << 31, 1 << 30), (1 << 31, 1 << 30), (1 << 31, 1 << 30), (1 << 31, 1 << 30)])?.id, .shape)  // S overflows
        XCTAssertEqual(shapeError(bs: 1 << 40, levels: [(1 << 10, 1 << 10)], d: 256)?.id, .shape)  // value overflows
        XCTAssertEqual(shapeError(q: Int.max / 2, m: 8)?.id, .shape)                      // locations overflow
        // 32-bit overflow is fine: bs 16 on the paper map is 1.4e9 output elements (brief/msda.md).
        XCTAssertNoThrow(try MSDAShape(batch: 16, levels: [(256, 256), (128, 128), (64, 64), (32, 32), (16, 16)],
                                       queries: 87296, heads: 8, channels: 32, points: 4))
    }
}

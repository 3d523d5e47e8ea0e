import Foundation
import XCTest
@testable import Interpreter

/// `JSONText`: what the trace writer and `vrun --json` spell strings and numbers with.
final class ReportJSONTextTests: XCTestCase {
    func testEscapesWhatJSONRequires() {
        XCTAssertEqual(JSONText.quoted("plain"), "\"plain\"")
        XCTAssertEqual(JSONText.quoted("a\"b\\c"), "\"a\\\"b\\\\c\"")
        XCTAssertEqual(JSONText.quoted("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"")
        XCTAssertEqual(JSONText.quoted("\u{01}\u{1F}\u{08}\u{0C}"), "\"\\u0001\\u001f\\b\\f\"")
        XCTAssertEqual(JSONText.quoted("µs → ok"), "\"µs → ok\"")
    }

    func testEveryEscapedStringParsesBackToItself() throws {
        var all = ""
        for u in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(u))) }
        all += "é😀\u{2028}"
        let doc = "[" + JSONText.quoted(all) + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(doc.utf8)) as? [String]
        XCTAssertEqual(parsed, [all])
    }

    func testNumbers() {
        XCTAssertEqual(JSONText.number(42.0), "42")
        XCTAssertEqual(JSONText.number(-0.0), "0")
        XCTAssertEqual(JSONText.number(0.5), "0.5")
        XCTAssertEqual(JSONText.number(Double.nan), "null")
        XCTAssertEqual(JSONText.number(Double.infinity), "null")
        XCTAssertEqual(JSONText.number(-Double.infinity), "null")
        XCTAssertEqual(JSONText.number(9_007_199_254_740_991.0), "9007199254740991")
        XCTAssertEqual(JSONText.number(Int64.min), "-9223372036854775808")
    }

    func testNumbersRoundTripThroughAJSONParser() throws {
        let values: [Double] = [1e-5, 1e300, -2.5e-300, 0.1, 1.0 / 3, 123456.789, 1e16, Double.leastNonzeroMagnitude]
        let doc = "[" + values.map(JSONText.number).joined(separator: ",") + "]"
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(doc.utf8)) as? [Double])
        XCTAssertEqual(parsed, values)
    }
}

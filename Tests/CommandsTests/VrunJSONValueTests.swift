import Commands
import Foundation
import XCTest

/// `JSONValue` and `JSONObject`: key order, escaping, numbers, pretty printing.
final class VrunJSONValueTests: XCTestCase {
    func testKeysKeepInsertionOrderAndReplaceInPlace() {
        var o = JSONObject()
        o["b"] = .int(1)
        o["a"] = .string("x")
        o["c"] = .null
        o["b"] = .bool(true)
        XCTAssertEqual(o.value.rendered(), "{\"b\":true,\"a\":\"x\",\"c\":null}")
        o["a"] = nil
        o["d"] = .array([])
        XCTAssertEqual(o.value.rendered(), "{\"b\":true,\"c\":null,\"d\":[]}")
    }

    func testNumbersAndStrings() {
        let v: JSONValue = .array([.number(3), .number(0.25), .number(.nan), .number(-.infinity), .integer(-7),
                                   .string("tab\there \"q\" \u{7}")])
        XCTAssertEqual(v.rendered(), "[3,0.25,null,null,-7,\"tab\\there \\\"q\\\" \\u0007\"]")
    }

    func testPrettyOutputParsesToTheSameValue() throws {
        let v: JSONValue = .object([("cycles", .number(1234.5)), ("per_core", .array([.object([("core", .int(0))]), .object([])])),
                                    ("shape", .array([.int(4), .int(256)])), ("errors", .array([]))])
        let pretty = v.rendered(indent: 2)
        XCTAssertTrue(pretty.contains("\n  \"cycles\": 1234.5,\n"), pretty)
        XCTAssertTrue(pretty.contains("\"shape\": [4, 256]"), pretty)
        let a = try JSONSerialization.jsonObject(with: Data(pretty.utf8)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(v.rendered().utf8)) as? NSDictionary
        XCTAssertNotNil(a)
        XCTAssertEqual(a, b)
    }
}

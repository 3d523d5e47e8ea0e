import XCTest
import NPY

/// Every error id, from bytes and from files: the right id, a message naming the file, no crash.
final class NPYErrorTests: XCTestCase {
    private let good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"

    private func id(_ bytes: [UInt8], _ line: UInt = #line) -> NPYError.ID? {
        npyError({ () throws(NPYError) in try NPY.read(bytes: bytes, name: "t.npy") }, line: line)?.id
    }

    private func header(_ text: String, data: [UInt8] = float32Bytes([1, 2])) -> [UInt8] {
        handMadeNPY(header: text, data: data)
    }

    func testMagic() {
        XCTAssertEqual(id([]), .magic)
        XCTAssertEqual(id([0x93, 0x4e, 0x55]), .magic)
        XCTAssertEqual(id(Array("PK\u{3}\u{4} a zip file, not npy".utf8)), .magic)
        var bad = header(good)
        bad[1] = UInt8(ascii: "n")  // \x93nUMPY
        XCTAssertEqual(id(bad), .magic)
    }

    func testVersion() {
        var v4 = header(good)
        v4[6] = 4
        XCTAssertEqual(id(v4), .version)
        var v11 = header(good)
        v11[7] = 1
        XCTAssertEqual(id(v11), .version)
    }

    func testHeaderLengthAndTruncatedPreamble() {
        let full = header(good)
        XCTAssertEqual(id(Array(full[0..<8])), .header)             // ends before the length field
        XCTAssertEqual(id(Array(full[0..<9])), .header)
        var long = full
        long[8] = 0xff; long[9] = 0xff                               // 65535 > file size
        XCTAssertEqual(id(long), .header)
        var v2 = handMadeNPY(major: 2, header: good, data: float32Bytes([1, 2]))
        v2[11] = 0x80                                                // 2 GB header length
        XCTAssertEqual(id(v2), .header)
    }

    func testMalformedDictionaries() {
        let cases = [
            "['descr', '<f4']",                                                   // not a dict
            "{'descr': '<f4', 'fortran_order': False}",                           // missing shape
            "{'fortran_order': False, 'shape': (2,)}",                            // missing descr
            "{'descr': '<f4', 'shape': (2,)}",                                    // missing fortran_order
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", // unknown key
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",  // repeated key
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",             // unterminated
            "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",             // broken quotes
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}",             // (2) is an int, not a tuple
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'a')}",        // non-integer dim
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk",       // trailing text
            "{'descr': '<f4', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 40) + "}",  // deep nesting
            "{descr: '<f4'}",                                                     // unquoted key
            "",                                                                   // empty
        ]
        for text in cases {
            XCTAssertEqual(id(header(text)), .header, text)
        }
    }

    func testDtype() {
        for descr in ["<c8", "<u4", "|f4", "<f16", "f4", "<U3", "x"] {
            XCTAssertEqual(id(header("{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }")), .dtype, descr)
        }
        XCTAssertEqual(id(header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }")), .dtype)
    }

    func testBigEndianIsRefusedWithAnExplanation() {
        let e = npyError { () throws(NPYError) in
            try NPY.read(bytes: header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }"), name: "be.npy")
        }
        XCTAssertEqual(e?.id, .endian)
        XCTAssertTrue(e?.message.contains("big-endian") ?? false)
        XCTAssertTrue(e?.description.hasPrefix("be.npy: error[npy.endian]") ?? false)
        // One-byte types have no byte order: '>u1' is fine.
        XCTAssertNoThrow(try NPY.read(bytes: header("{'descr': '>u1', 'fortran_order': False, 'shape': (2,), }", data: [1, 2])))
    }

    func testOrder() {
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }")), .order)
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }")), .order)
    }

    func testShape() {
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }")), .shape)
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }")), .shape)
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }")), .shape)
        // Elements fit but bytes do not: 2^61 float32 elements are 2^63 bytes.
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2305843009213693952,), }")), .shape)
        XCTAssertEqual(npyError { () throws(NPYError) in try NPYArray(zeros: .float32, shape: [-1]) }?.id, .shape)
    }

    func testSizeIsCheckedBeforeAllocating() {
        XCTAssertEqual(id(header(good, data: float32Bytes([1]))), .size)        // short
        XCTAssertEqual(id(header(good, data: float32Bytes([1, 2, 3]))), .size)  // trailing bytes
        // A terabyte claimed by a tiny file is refused without trying to allocate it.
        XCTAssertEqual(id(header("{'descr': '<f4', 'fortran_order': False, 'shape': (250000000000,), }")), .size)
        let inconsistent = NPYArray(dtype: .float32, shape: [3], data: [0, 0, 0, 0])
        XCTAssertEqual(npyError { () throws(NPYError) in try NPY.encode(inconsistent) }?.id, .size)
        XCTAssertEqual(npyError { () throws(NPYError) in try inconsistent.floats() }?.id, .size)
    }

    func testFileErrorsNameTheFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = dir + "/missing.npy"
        let e1 = npyError { () throws(NPYError) in try NPY.read(path: missing) }
        XCTAssertEqual(e1?.id, .io)
        XCTAssertEqual(e1?.file, missing)
        XCTAssertEqual(npyError { () throws(NPYError) in try NPY.read(path: dir) }?.id, .io)
        let truncated = dir + "/truncated.npy"
        try Data(header(good, data: [1, 2, 3])).write(to: URL(fileURLWithPath: truncated))
        let e2 = npyError { () throws(NPYError) in try NPY.read(path: truncated) }
        XCTAssertEqual(e2?.id, .size)
        XCTAssertTrue(e2?.description.contains(truncated) ?? false, e2?.description ?? "")
        XCTAssertTrue(e2?.message.contains("8 bytes") ?? false, e2?.message ?? "")
        let e3 = npyError { () throws(NPYError) in try NPY.write(try NPYArray(floats: [1], shape: [1]), path: dir + "/no/such/dir/x.npy") }
        XCTAssertEqual(e3?.id, .io)
    }

    func testConversions() throws {
        let floats = try NPYArray(floats: [1.5], shape: [1])
        XCTAssertEqual(npyError { () throws(NPYError) in try floats.int32s() }?.id, .convert)
        var ints = try NPYArray(int32s: [Int32(0)], shape: [1])
        XCTAssertEqual(npyError { () throws(NPYError) in try ints.setFloats([1.5]) }?.id, .convert)
        XCTAssertEqual(npyError { () throws(NPYError) in try ints.setFloats([.nan]) }?.id, .convert)
        XCTAssertEqual(npyError { () throws(NPYError) in try ints.setInt64s([1 << 40]) }?.id, .convert)
        XCTAssertEqual(npyError { () throws(NPYError) in try ints.setFloats([1, 2]) }?.id, .size)
        let wide = try NPYArray(int64s: [Int64(1) << 40], shape: [1])
        XCTAssertEqual(npyError { () throws(NPYError) in try wide.int32s() }?.id, .convert)
        var bytes = try NPYArray(zeros: .uint8, shape: [1])
        XCTAssertEqual(npyError { () throws(NPYError) in try bytes.setFloats([256]) }?.id, .convert)
        XCTAssertEqual(npyError { () throws(NPYError) in try bytes.setFloats([-1]) }?.id, .convert)
    }

    func testErrorIDsAreStable() {
        XCTAssertEqual(NPYError.ID.allCases.map(\.rawValue),
                       ["npy.io", "npy.magic", "npy.version", "npy.header", "npy.dtype", "npy.endian",
                        "npy.order", "npy.shape", "npy.size", "npy.convert"])
    }
}

import XCTest
import NPY

/// The writer and the typed accessors: byte layout, round trips through memory and files.
final class NPYWriteTests: XCTestCase {
    func testEncodedLayoutMatchesNumPyConventions() throws {
        let a = try NPYArray(floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        let bytes = try NPY.encode(a)
        XCTAssertEqual(Array(bytes[0..<8]), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let dataStart = 10 + headerLength
        XCTAssertEqual(dataStart % 64, 0, "data must start 64-byte aligned")
        XCTAssertEqual(bytes[dataStart - 1], 0x0a, "header ends with a newline")
        let text = String(decoding: bytes[10..<dataStart], as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), text)
        XCTAssertEqual(Array(bytes[dataStart...]), float32Bytes([1, 2, 3, 4, 5, 6]))
    }

    func testShapeSpellings() throws {
        func header(_ shape: [Int]) throws -> String {
            let bytes = try NPY.encode(try NPYArray(zeros: .uint8, shape: shape))
            let n = Int(bytes[8]) | Int(bytes[9]) << 8
            return String(decoding: bytes[10..<(10 + n)], as: UTF8.self)
        }
        XCTAssertTrue(try header([]).contains("'shape': (), }"))
        XCTAssertTrue(try header([5]).contains("'shape': (5,), }"))
        XCTAssertTrue(try header([2, 3, 4]).contains("'shape': (2, 3, 4), }"))
        XCTAssertTrue(try header([5]).contains("'descr': '|u1'"))
    }

    func testRoundTripEveryDtypeInMemoryAndOnDisk() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let floats: [Float] = [0, -1.5, 2.25, 1024, -0.0, 3.5]
        for dtype in NPYDType.allCases where dtype != .bool {
            let a = try NPYArray(floats: dtype.isFloatingPoint ? floats : [0, 1, 2, 255, 0, 3], shape: [3, 2], dtype: dtype)
            for version in [NPY.Version.v1, .v2, .v3] {
                let back = try NPY.read(bytes: try NPY.encode(a, version: version))
                XCTAssertEqual(back, a, "\(dtype) v\(version.rawValue)")
            }
            let path = dir + "/\(dtype).npy"
            try NPY.write(a, path: path)
            XCTAssertEqual(try NPY.read(path: path), a, "\(dtype) file")
            XCTAssertEqual(try NPY.readHeader(path: path), NPYHeader(dtype: dtype, shape: [3, 2]))
        }
        let flags = try NPYArray(floats: [1, 0, 2], shape: [3], dtype: .bool)
        XCTAssertEqual(flags.data, [1, 0, 1])
        XCTAssertEqual(try NPY.read(bytes: try NPY.encode(flags)), flags)
    }

    func testIntegerAccessorsRoundTrip() throws {
        let big: [Int64] = [Int64.min, -1, 0, 1 << 40, Int64.max]
        let a = try NPYArray(int64s: big, shape: [5])
        XCTAssertEqual(try NPY.read(bytes: try NPY.encode(a)).int64s(), big)
        let small: [Int32] = [Int32.min, -7, 0, Int32.max]
        let b = try NPYArray(int32s: small, shape: [2, 2])
        XCTAssertEqual(b.dtype, .int32)
        XCTAssertEqual(try NPY.read(bytes: try NPY.encode(b)).int32s(), small)
        var c = b
        try c.setInt32s([4, 3, 2, 1])
        XCTAssertEqual(try c.int32s(), [4, 3, 2, 1])
    }

    func testFloat16StorageRoundsToNearestEven() throws {
        var a = try NPYArray(zeros: .float16, shape: [3])
        try a.setFloats([0.1, 1 + 0x1p-11, 70000])
        // 0.1 -> 0x2e66; 1 + 2^-11 is a tie -> 1.0; 70000 overflows -> infinity.
        XCTAssertEqual(a.data, [0x66, 0x2e, 0x00, 0x3c, 0x00, 0x7c])
        XCTAssertEqual(try a.floats(), [0.0999755859375, 1, .infinity])
    }

    func testLargeHeaderSwitchesToVersion2() throws {
        // 25000 axes of length 1 ("1, " each) make a header longer than 65535 bytes.
        let a = try NPYArray(zeros: .uint8, shape: [Int](repeating: 1, count: 25000))
        let bytes = try NPY.encode(a)
        XCTAssertEqual(bytes[6], 2)
        XCTAssertEqual(try NPY.read(bytes: bytes).shape.count, 25000)
        XCTAssertEqual(npyError { () throws(NPYError) in try NPY.encode(a, version: .v1) }?.id, .header)
    }
}

import XCTest
import NPY

/// The reader on hand-made files: header forms NumPy and Python accept, all versions, orders.
final class NPYReadTests: XCTestCase {
    func testVersion1HeaderAsNumPyWritesIt() throws {
        let bytes = handMadeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                data: float32Bytes([1, 2, 3, 4, 5, 6]))
        let a = try NPY.read(bytes: bytes)
        XCTAssertEqual(a.dtype, .float32)
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(try a.floats(), [1, 2, 3, 4, 5, 6])
    }

    func testVersion2And3Headers() throws {
        for major: UInt8 in [2, 3] {
            let bytes = handMadeNPY(major: major, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }",
                                    data: float32Bytes([0.5, -1, 1e30, 7]))
            let a = try NPY.read(bytes: bytes)
            XCTAssertEqual(a.shape, [4])
            XCTAssertEqual(try a.floats(), [0.5, -1, 1e30, 7])
        }
    }

    func testHeaderSpellingVariants() throws {
        let one = float32Bytes([9])
        let variants = [
            "{'shape': (1,), 'fortran_order': False, 'descr': '<f4'}",           // other order, no trailing comma
            "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(1,)}",        // double quotes, no spaces
            "{ 'descr' : '<f4' ,\t'fortran_order' : False , 'shape' : ( 1 , ) , }",  // odd spacing
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1L,), }",       // Python 2 long
        ]
        for header in variants {
            let a = try NPY.read(bytes: handMadeNPY(header: header, data: one))
            XCTAssertEqual(a.shape, [1], header)
            XCTAssertEqual(try a.floats(), [9], header)
        }
        // Unpadded header without the final newline is still a valid dictionary.
        let bare = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", data: one, pad: false))
        XCTAssertEqual(try bare.floats(), [9])
    }

    func testScalarAndEmptyShapes() throws {
        let scalar = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                                                     data: float32Bytes([42])))
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.count, 1)
        XCTAssertEqual(try scalar.floats(), [42])
        let empty = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0, 3), }", data: []))
        XCTAssertEqual(empty.shape, [2, 0, 3])
        XCTAssertEqual(try empty.floats(), [])
    }

    func testFortranOrderIsTransposedToCOrder() throws {
        // A 2x3 matrix [[1,2,3],[4,5,6]] stored column-major: 1,4,2,5,3,6.
        let bytes = handMadeNPY(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                                data: float32Bytes([1, 4, 2, 5, 3, 6]))
        let a = try NPY.read(bytes: bytes)
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(try a.floats(), [1, 2, 3, 4, 5, 6])
        // 2x2x2 with element (i,j,k) = 100i + 10j + k; Fortran order varies i fastest.
        var fortran: [Float] = []
        for k in 0..<2 { for j in 0..<2 { for i in 0..<2 { fortran.append(Float(100 * i + 10 * j + k)) } } }
        let cube = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2, 2), }",
                                                   data: float32Bytes(fortran)))
        XCTAssertEqual(try cube.floats(), [0, 1, 10, 11, 100, 101, 110, 111])
    }

    func testIntegerAndOtherDtypes() throws {
        let i4 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
                                                 data: [0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0]))
        XCTAssertEqual(try i4.int32s(), [-1, 16])
        XCTAssertEqual(try i4.int64s(), [-1, 16])
        XCTAssertEqual(try i4.floats(), [-1, 16])
        let i8 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                                                 data: [0, 0, 0, 0, 1, 0, 0, 0]))
        XCTAssertEqual(try i8.int64s(), [1 << 32])
        let u1 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", data: [0, 7, 255]))
        XCTAssertEqual(try u1.int32s(), [0, 7, 255])
        let b1 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", data: [1, 0]))
        XCTAssertEqual(try b1.floats(), [1, 0])
        let f2 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }",
                                                 data: [0x00, 0x3c, 0x00, 0xc0]))
        XCTAssertEqual(try f2.floats(), [1, -2])
        // 0.1 as float64 (0x3FB999999999999A) reads as the nearest float.
        let f8 = try NPY.read(bytes: handMadeNPY(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                                                 data: [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]))
        XCTAssertEqual(try f8.floats(), [0.1])
    }
}

import Foundation
import XCTest
import NPY

/// Files written by NumPy read here, and files written here checked by NumPy, byte for byte.
/// Skipped when `python3 -c "import numpy"` fails.
final class NumPyInteropTests: XCTestCase {
    /// Runs a Python script with numpy; returns stdout, or skips the test if numpy is absent.
    private func python(_ script: String, _ args: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw XCTSkip("python3 is not available") }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: stderr, as: UTF8.self)
        if errText.contains("No module named 'numpy'") { throw XCTSkip("numpy is not installed") }
        XCTAssertEqual(process.terminationStatus, 0, errText)
        return String(decoding: stdout, as: UTF8.self)
    }

    private func requireNumPy() throws {
        _ = try python("import numpy")
    }

    func testReadFilesWrittenByNumPy() throws {
        try requireNumPy()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try python("""
        import numpy as np, sys
        d = sys.argv[1]
        a = (np.arange(24).reshape(2, 3, 4) * 0.25 - 1)
        np.save(d + '/f4.npy', a.astype('<f4'))
        np.save(d + '/f2.npy', a.astype('<f2'))
        np.save(d + '/f8.npy', a)
        np.save(d + '/i4.npy', np.arange(-3, 3, dtype='<i4'))
        np.save(d + '/i8.npy', np.array([-2**40, 0, 2**40], dtype='<i8'))
        np.save(d + '/u1.npy', np.array([0, 128, 255], dtype=np.uint8))
        np.save(d + '/b1.npy', np.array([True, False, True]))
        np.save(d + '/scalar.npy', np.float32(3.5))
        np.save(d + '/empty.npy', np.zeros((0, 5), dtype='<f4'))
        np.save(d + '/fortran.npy', np.asfortranarray(a.astype('<f4')))
        np.save(d + '/big.npy', a.astype('>f4'))
        with open(d + '/v2.npy', 'wb') as f:
            np.lib.format.write_array(f, a.astype('<f4'), version=(2, 0))
        with open(d + '/v3.npy', 'wb') as f:
            np.lib.format.write_array(f, a.astype('<f4'), version=(3, 0))
        """, [dir])
        let expected = (0..<24).map { Float($0) * 0.25 - 1 }
        for name in ["f4", "f2", "f8", "fortran", "v2", "v3"] {
            let a = try NPY.read(path: dir + "/\(name).npy")
            XCTAssertEqual(a.shape, [2, 3, 4], name)
            XCTAssertEqual(try a.floats(), expected, name)
        }
        XCTAssertEqual(try NPY.read(path: dir + "/v2.npy").dtype, .float32)
        XCTAssertEqual(try NPY.read(path: dir + "/i4.npy").int32s(), [-3, -2, -1, 0, 1, 2])
        XCTAssertEqual(try NPY.read(path: dir + "/i8.npy").int64s(), [-(1 << 40), 0, 1 << 40])
        XCTAssertEqual(try NPY.read(path: dir + "/u1.npy").int32s(), [0, 128, 255])
        XCTAssertEqual(try NPY.read(path: dir + "/b1.npy").int32s(), [1, 0, 1])
        let scalar = try NPY.read(path: dir + "/scalar.npy")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(try scalar.floats(), [3.5])
        XCTAssertEqual(try NPY.read(path: dir + "/empty.npy").shape, [0, 5])
        XCTAssertEqual(npyError { () throws(NPYError) in try NPY.read(path: dir + "/big.npy") }?.id, .endian)
    }

    func testNumPyReadsOurFilesAndTheyAreByteIdenticalToNpSave() throws {
        try requireNumPy()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let values = (0..<24).map { Float($0) * 0.25 - 1 }
        try NPY.write(try NPYArray(floats: values, shape: [2, 3, 4]), path: dir + "/f4.npy")
        try NPY.write(try NPYArray(floats: values, shape: [2, 3, 4], dtype: .float16), path: dir + "/f2.npy")
        try NPY.write(try NPYArray(floats: values, shape: [24], dtype: .float64), path: dir + "/f8.npy")
        try NPY.write(try NPYArray(int32s: [Int32(-5), 7], shape: [2]), path: dir + "/i4.npy")
        try NPY.write(try NPYArray(int64s: [Int64(1) << 50], shape: []), path: dir + "/i8.npy")
        try NPY.write(try NPYArray(floats: [0, 255], shape: [1, 2], dtype: .uint8), path: dir + "/u1.npy")
        try NPY.write(try NPYArray(floats: [1, 0], shape: [2], dtype: .bool), path: dir + "/b1.npy")
        try NPY.write(try NPYArray(floats: values, shape: [2, 3, 4]), path: dir + "/v2.npy", version: .v2)
        let result = try python("""
        import numpy as np, sys, io
        d = sys.argv[1]
        a = np.arange(24).reshape(2, 3, 4) * 0.25 - 1
        want = {
            'f4': a.astype('<f4'), 'f2': a.astype('<f2'), 'f8': a.reshape(24),
            'i4': np.array([-5, 7], dtype='<i4'), 'i8': np.array(2**50, dtype='<i8'),
            'u1': np.array([[0, 255]], dtype=np.uint8), 'b1': np.array([True, False]),
        }
        for name, w in want.items():
            got = np.load(d + '/' + name + '.npy')
            assert got.dtype == w.dtype and got.shape == w.shape and (got == w).all(), name
            buf = io.BytesIO(); np.save(buf, w)
            assert open(d + '/' + name + '.npy', 'rb').read() == buf.getvalue(), 'bytes differ: ' + name
        v2 = np.load(d + '/v2.npy')
        assert (v2 == want['f4']).all()
        assert np.lib.format.read_magic(open(d + '/v2.npy', 'rb')) == (2, 0)
        print('ok', len(want))
        """, [dir])
        XCTAssertEqual(result.trimmingCharacters(in: .whitespacesAndNewlines), "ok 7")
    }

    /// NumPy's float32 -> float16 cast is an independent oracle for `Half.toHalf`.
    func testHalfConversionAgreesWithNumPy() throws {
        try requireNumPy()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng: UInt64 = 0x1234_5678
        var inputs: [Float] = [0, -0.0, 1, 65504, 65519.99, 65520, 1e-8, 0x1p-25, 3 * 0x1p-25, .infinity, -.infinity]
        while inputs.count < 200_000 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng >> 32))
            if !f.isNaN { inputs.append(f) }
        }
        // Every tie between adjacent halves, too.
        for h in 0..<0x7bff {
            inputs.append((Half.toFloat(UInt16(h)) + Half.toFloat(UInt16(h + 1))) / 2)
        }
        try NPY.write(try NPYArray(floats: inputs, shape: [inputs.count]), path: dir + "/in.npy")
        _ = try python("""
        import numpy as np, sys
        d = sys.argv[1]
        np.save(d + '/out.npy', np.load(d + '/in.npy').astype(np.float16).view('<u2').astype('<i4'))
        np.save(d + '/all.npy', np.arange(65536, dtype=np.uint32).astype('<u2').view(np.float16).astype('<f4'))
        """, [dir])
        let numpyHalves = try NPY.read(path: dir + "/out.npy").int32s()
        let ours = inputs.map { Int32(Half.toHalf($0)) }
        var mismatches = 0
        for i in inputs.indices where numpyHalves[i] != ours[i] {
            if mismatches < 5 { XCTFail("\(inputs[i]): numpy 0x\(String(numpyHalves[i], radix: 16)) ours 0x\(String(ours[i], radix: 16))") }
            mismatches += 1
        }
        XCTAssertEqual(mismatches, 0)
        // And every half widened by numpy equals ours (NaNs compared as NaN).
        let widened = try NPY.read(path: dir + "/all.npy").floats()
        for h in 0..<65536 {
            let mine = Half.toFloat(UInt16(h))
            if mine.isNaN { XCTAssertTrue(widened[h].isNaN) } else { XCTAssertEqual(widened[h].bitPattern, mine.bitPattern, "0x\(String(h, radix: 16))") }
        }
    }
}

import Foundation
import XCTest

/// Interoperability with NumPy itself, when `python3` with numpy is installed (skipped
/// otherwise): inputs written by `np.save` are read, and outputs written by vrun load in
/// `np.load` with the right dtype, shape and values.
final class VrunNumpyTests: VrunTestCase {
    /// Runs python3 with `script`; nil when python3 or numpy is missing.
    private func python(_ script: String) throws -> (status: Int32, out: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testNumpyWritesInputsAndReadsOutputs() throws {
        guard let probe = try python("import numpy"), probe.status == 0 else {
            throw XCTSkip("python3 with numpy is not available")
        }
        // numpy makes the inputs (2-D, to check the shape is carried through).
        let made = try python("""
        import numpy as np
        x = (np.arange(3000, dtype=np.float32) * 0.25 - 100).reshape(30, 100)
        y = np.cos(np.arange(3000, dtype=np.float32)).astype(np.float32).reshape(30, 100)
        np.save('x.npy', x); np.save('y.npy', y)
        """)
        XCTAssertEqual(made?.status, 0, made?.out ?? "")
        let r = run([Self.example("vadd_db.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                     "--alloc", "z=f32[30,100]", "--out", "z=\(path("z.npy"))", "--param", "n=3000", "--cores", "2"])
        XCTAssertEqual(r.code, 0, r.err)
        // numpy reads the output and checks it bit for bit against its own sum.
        let check = try python("""
        import numpy as np
        x = np.load('x.npy'); y = np.load('y.npy'); z = np.load('z.npy')
        assert z.dtype == np.float32, z.dtype
        assert z.shape == (30, 100), z.shape
        assert np.array_equal(z, x + y), np.abs(z - (x + y)).max()
        print('ok')
        """)
        XCTAssertEqual(check?.status, 0, check?.out ?? "")
        XCTAssertEqual(check?.out, "ok\n")
    }
}

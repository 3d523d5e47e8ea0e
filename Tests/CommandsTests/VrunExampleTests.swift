import Commands
import Foundation
import XCTest

/// The example kernels run end to end through `vrun`, with inputs written as `.npy` files and
/// outputs read back and compared with values computed here.
final class VrunExampleTests: VrunTestCase {
    /// Runs vadd-like kernels: z = x + y, element by element (exact in f32 on both sides).
    private func checkVadd(_ kernel: String, n: Int, cores: Int, file: StaticString = #filePath, line: UInt = #line) {
        let x = Self.values(n, seed: 7), y = Self.values(n, seed: 11)
        writeFloats("x.npy", x)
        writeFloats("y.npy", y)
        let r = run([Self.example(kernel), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                     "--alloc", "z=f32[\(n)]", "--out", "z=\(path("z.npy"))", "--param", "n=\(n)", "--cores", "\(cores)"])
        XCTAssertEqual(r.code, 0, r.err, file: file, line: line)
        guard let z = readNPY("z.npy", file: file, line: line) else { return }
        XCTAssertEqual(z.descr, "<f4", file: file, line: line)
        XCTAssertEqual(z.shape, [n], file: file, line: line)
        XCTAssertEqual(z.floats, zip(x, y).map { $0 + $1 }, file: file, line: line)
        XCTAssertTrue(r.out.contains("z -> \(path("z.npy"))"), r.out, file: file, line: line)
    }

    func testVaddAddsEveryElementIncludingAPartialLastTile() {
        checkVadd("vadd.asm", n: 10_000, cores: 4)   // 4096-element tiles: 2 full, 1 partial
    }

    func testVaddDoubleBufferedAddsEveryElement() {
        checkVadd("vadd_db.asm", n: 20_000, cores: 3)  // 5 tiles over 3 cores: both buffer sets used
    }

    func testDoubleBufferingIsFasterOnOneCore() {
        // Independent reason: with two buffer sets MTE2 copies tile k+1 while V adds tile k, so
        // the kernel time cannot exceed the single-buffered one, which serialises them.
        let n = 8 * 4096
        writeFloats("x.npy", Self.values(n, seed: 1))
        writeFloats("y.npy", Self.values(n, seed: 2))
        func cycles(_ kernel: String) -> Double {
            let r = run([Self.example(kernel), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                         "--alloc", "z=f32[\(n)]", "--param", "n=\(n)", "--cores", "1", "--json"])
            XCTAssertEqual(r.code, 0, r.err)
            return jsonObject(r.out)["kernel_cycles"] as? Double ?? .nan
        }
        let single = cycles("vadd.asm"), double = cycles("vadd_db.asm")
        XCTAssertLessThan(double, single)
    }

    func testReduceSumAddsAllElements() {
        let n = 20_000
        // Small integers: every partial sum is an integer below 2^24, exact in f32 in any order.
        let x = (0..<n).map { Float(($0 * 37) % 11) - 5 }
        writeFloats("x.npy", x)
        let r = run([Self.example("reduce_sum.asm"), "--in", "x=\(path("x.npy"))", "--alloc", "out=f32[1]",
                     "--out", "out=\(path("out.npy"))", "--param", "n=\(n)", "--cores", "3"])
        XCTAssertEqual(r.code, 0, r.err)
        let expected = x.reduce(0.0) { $0 + Double($1) }
        XCTAssertEqual(readNPY("out.npy")?.floats, [Float(expected)])
        XCTAssertEqual(readNPY("out.npy")?.shape, [1])
    }

    func testGatherLooksUpEveryIndex() {
        let t = 1000, n = 5000
        let table = Self.values(t, seed: 5)
        let idx = (0..<n).map { Int32(($0 * 7919 + 13) % t) }
        writeFloats("table.npy", table)
        writeInt32s("idx.npy", idx)
        let r = run([Self.example("gather.asm"), "--in", "table=\(path("table.npy"))", "--in", "idx=\(path("idx.npy"))",
                     "--alloc", "out=f32[\(n)]", "--out", "out=\(path("out.npy"))", "--param", "t=\(t)", "--param", "n=\(n)",
                     "--cores", "2"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(readNPY("out.npy")?.floats, idx.map { table[Int($0)] })
    }

    func testVbinRunsLikeTheAssembly() {
        let n = 5000
        writeFloats("x.npy", Self.values(n, seed: 3))
        writeFloats("y.npy", Self.values(n, seed: 4))
        let vbin = path("vadd.vbin")
        let c = Captured()
        let assembled = Commands.VasmCommand.run([Self.example("vadd.asm"), "-o", vbin], io: .init(stdout: { c.out += $0 }, stderr: { c.err += $0 }))
        XCTAssertEqual(assembled, 0, c.err)
        func runJSON(_ kernel: String, _ out: String) -> [String: Any] {
            let r = run([kernel, "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))", "--alloc", "z=f32[\(n)]",
                         "--out", "z=\(path(out))", "--param", "n=\(n)", "--cores", "2", "--json"])
            XCTAssertEqual(r.code, 0, r.err)
            return jsonObject(r.out)
        }
        let a = runJSON(Self.example("vadd.asm"), "za.npy"), b = runJSON(vbin, "zb.npy")
        XCTAssertEqual(a["cycles"] as? Double, b["cycles"] as? Double)
        XCTAssertEqual(readNPY("za.npy")?.data, readNPY("zb.npy")?.data)
    }

    func testDefineChangesTheTileSize() {
        // TILE=1024 makes 4x as many tiles, hence 4x as many vadd instructions.
        let n = 8192
        writeFloats("x.npy", Self.values(n, seed: 3))
        writeFloats("y.npy", Self.values(n, seed: 4))
        func vadds(_ extra: [String]) -> Int? {
            let r = run([Self.example("vadd.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                         "--alloc", "z=f32[\(n)]", "--param", "n=\(n)", "--cores", "1", "--json"] + extra)
            XCTAssertEqual(r.code, 0, r.err)
            return (jsonObject(r.out)["opcode_counts"] as? [String: Any])?["vadd"] as? Int
        }
        XCTAssertEqual(vadds([]), 2)
        XCTAssertEqual(vadds(["-D", "TILE=1024"]), 8)
    }

    func testResultsDoNotDependOnHostThreads() {
        let n = 40_000
        writeFloats("x.npy", Self.values(n, seed: 8))
        writeFloats("y.npy", Self.values(n, seed: 9))
        var seen: [(Double, Double, [UInt8])] = []
        for threads in ["1", "2", "8"] {
            let out = "z\(threads).npy"
            let r = run([Self.example("vadd_db.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                         "--alloc", "z=f32[\(n)]", "--out", "z=\(path(out))", "--param", "n=\(n)", "--cores", "8",
                         "--threads", threads, "--json"])
            XCTAssertEqual(r.code, 0, r.err)
            let j = jsonObject(r.out)
            XCTAssertEqual(j["threads"] as? Int, Int(threads))
            seen.append((j["cycles"] as? Double ?? .nan, j["kernel_cycles"] as? Double ?? .nan, readNPY(out)?.data ?? []))
        }
        XCTAssertEqual(seen.count, 3)
        for s in seen.dropFirst() {
            XCTAssertEqual(s.0, seen[0].0)
            XCTAssertEqual(s.1, seen[0].1)
            XCTAssertEqual(s.2, seen[0].2)
        }
        XCTAssertFalse(seen[0].2.isEmpty)
    }
}

import Commands
import Foundation
import XCTest

/// `vrun --json`: one object on stdout with the contract's fields, consistent with each other.
final class VrunJSONTests: VrunTestCase {
    private func vaddJSON(n: Int, cores: Int, extra: [String] = []) -> (code: Int32, json: [String: Any], err: String) {
        writeFloats("x.npy", Self.values(n, seed: 1))
        writeFloats("y.npy", Self.values(n, seed: 2))
        let r = run([Self.example("vadd.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                     "--alloc", "z=f32[\(n)]", "--param", "n=\(n)", "--cores", "\(cores)", "--json"] + extra)
        return (r.code, jsonObject(r.out), r.err)
    }

    func testHasTheContractFields() {
        let r = vaddJSON(n: 10_000, cores: 4)
        XCTAssertEqual(r.code, 0, r.err)
        let j = r.json
        for key in ["cycles", "time_us", "cores", "vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio", "host_seconds",
                    "kernel_cycles", "per_core", "opcode_counts", "errors"] {
            XCTAssertNotNil(j[key], "missing \(key)")
        }
        XCTAssertEqual(j["cores"] as? Int, 4)
        XCTAssertEqual((j["errors"] as? [Any])?.count, 0)
        XCTAssertEqual((j["per_core"] as? [[String: Any]])?.count, 4)
        // ceil(10000 / 4096) = 3 tiles, one vadd and two copies in per tile.
        let counts = j["opcode_counts"] as? [String: Int]
        XCTAssertEqual(counts?["vadd"], 3)
        XCTAssertEqual(counts?["copy_gm_ub_pad"], 6)
        XCTAssertEqual(counts?["copy_ub_gm_pad"], 3)
    }

    func testNumbersAgreeWithEachOther() throws {
        let j = vaddJSON(n: 10_000, cores: 4).json
        let cycles = try XCTUnwrap(j["cycles"] as? Double)
        let kernel = try XCTUnwrap(j["kernel_cycles"] as? Double)
        let launch = try XCTUnwrap(j["launch_cycles"] as? Double)
        // 910b2c: 1.8 GHz clock, 20 us launch overhead (brief, "Chip" and "Data movement").
        XCTAssertEqual(launch, 36_000, accuracy: 1e-6)
        XCTAssertEqual(cycles, kernel + launch, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(j["time_us"] as? Double), cycles / 1800, accuracy: 1e-9)
        let cores = try XCTUnwrap(j["per_core"] as? [[String: Any]])
        XCTAssertEqual(cores.compactMap { $0["cycles"] as? Double }.max() ?? -1, kernel, accuracy: 1e-9)
        for key in ["vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"] {
            let r = try XCTUnwrap(j[key] as? Double, key)
            XCTAssert((0...1).contains(r), "\(key) = \(r)")
            // The kernel ratio is the mean of the per-core ratios (msprof's per-core figures).
            let mean = cores.compactMap { $0[key] as? Double }.reduce(0, +) / Double(cores.count)
            XCTAssertEqual(r, mean, accuracy: 1e-12, key)
        }
        // Every vadd is busy on V, so the vector ratio is positive; and so is MTE2's.
        XCTAssertGreaterThan(j["vec_ratio"] as? Double ?? 0, 0)
        XCTAssertGreaterThan(j["mte2_ratio"] as? Double ?? 0, 0)
        let instructions = try XCTUnwrap(j["instructions"] as? Int)
        XCTAssertEqual((j["opcode_counts"] as? [String: Int])?.values.reduce(0, +), instructions)
        XCTAssertEqual(cores.compactMap { $0["instructions"] as? Int }.reduce(0, +), instructions)
    }

    func testIsTheOnlyThingOnStdout() {
        writeFloats("x.npy", Self.values(100, seed: 1))
        writeFloats("y.npy", Self.values(100, seed: 2))
        let r = run([Self.example("vadd.asm"), "--in", "x=\(path("x.npy"))", "--in", "y=\(path("y.npy"))",
                     "--alloc", "z=f32[100]", "--param", "n=100", "--cores", "1", "--json", "--trace", path("t.json"), "--profile"])
        XCTAssertEqual(r.code, 0, r.err)
        let j = jsonObject(r.out)
        XCTAssertEqual((j["trace"] as? [String: Any])?["file"] as? String, path("t.json"))
        let profile = j["profile"] as? [[String: Any]]
        XCTAssertEqual(profile?.first?["location"] as? String, Self.example("vadd.asm") + ":60")  // the first copy in: MTE2 bound
        XCTAssertTrue(profile?.contains { ($0["source"] as? String)?.hasPrefix("vadd.f32 bz, bx, by, cnt") == true } ?? false)
    }

    func testRuntimeErrorIsInErrors() throws {
        // An index past the table makes the gather read outside the UB.
        writeFloats("table.npy", [1, 2, 3, 4])
        writeInt32s("idx.npy", [0, 1, 1_000_000])
        let r = run([Self.example("gather.asm"), "--in", "table=\(path("table.npy"))", "--in", "idx=\(path("idx.npy"))",
                     "--alloc", "out=f32[3]", "--param", "t=4", "--param", "n=3", "--cores", "1", "--json"])
        XCTAssertEqual(r.code, 1)
        let j = jsonObject(r.out)
        let errors = try XCTUnwrap(j["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        let id = try XCTUnwrap(errors.first?["id"] as? String)
        XCTAssertFalse(id.isEmpty)
        XCTAssertTrue((errors.first?["location"] as? String)?.contains("gather.asm:") ?? false, "\(errors)")
        XCTAssertTrue(j["cycles"] is NSNull)
        // The same error, as text, on stderr.
        XCTAssertTrue(r.err.contains("[\(id)]"), r.err)
    }

    func testAssemblyErrorsAreInErrors() throws {
        let k = write("bad.asm", ".param n, i64\n        frobnicate r1\n        end\n")
        let r = run([k, "--param", "n=1", "--json"])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.contains("bad.asm:2:"), r.err)
        let errors = try XCTUnwrap(jsonObject(r.out)["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue((errors.first?["location"] as? String)?.hasSuffix("bad.asm:2:9") ?? false, "\(errors)")
    }
}

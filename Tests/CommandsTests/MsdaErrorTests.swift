import Foundation
import XCTest

/// `vrun msda`: help, usage errors (exit 64 with the usage line), bad input directories
/// (exit 1 naming the file, and for shape mismatches the axis and both sizes), and the fp16
/// backward pass (which used to be refused with `msda.bwd-f16`).
final class MsdaErrorTests: MsdaTestCase {
    /// Usage errors: exit 64, `Error: ...` and the usage line on stderr, nothing on stdout.
    private func assertUsage(_ args: [String], _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        let r = run(["msda"] + args)
        XCTAssertEqual(r.code, 64, r.err, file: file, line: line)
        XCTAssertTrue(r.err.hasPrefix("Error: "), r.err, file: file, line: line)
        XCTAssertTrue(r.err.contains("USAGE: vrun msda"), r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        for f in fragments { XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)", file: file, line: line) }
    }

    /// Failures: exit 1, a message on stderr containing every fragment, nothing on stdout.
    private func assertFailure(_ args: [String], _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        let r = run(["msda"] + args)
        XCTAssertEqual(r.code, 1, r.err, file: file, line: line)
        XCTAssertEqual(r.out, "", file: file, line: line)
        for f in fragments { XCTAssertTrue(r.err.contains(f), "missing '\(f)' in: \(r.err)", file: file, line: line) }
    }

    func testHelp() {
        let overview = run(["msda", "--help"])
        XCTAssertEqual(overview.code, 0)
        XCTAssertEqual(overview.err, "")
        for f in ["vrun msda fwd", "vrun msda bwd", "WORKLOADS", "tiny", "small", "paper"] {
            XCTAssertTrue(overview.out.contains(f), "missing '\(f)' in: \(overview.out)")
        }
        let fwd = run(["msda", "fwd", "--help"])
        XCTAssertEqual(fwd.code, 0)
        XCTAssertEqual(fwd.err, "")
        XCTAssertTrue(fwd.out.hasPrefix("USAGE: vrun msda fwd"), fwd.out)
        for f in ["--in DIR", "--workload NAME", "--out DIR", "--dtype f32|f16", "--mode infer|train", "--check", "--json",
                  "--trace FILE.json", "--trace-cores LIST", "--trace-window", "--profile", "--threads N", "--cores N",
                  "--machine NAME|FILE.json", "--no-checks", "default small"] {
            XCTAssertTrue(fwd.out.contains(f), "missing '\(f)' in: \(fwd.out)")
        }
        // `vrun --help` points to the msda form.
        XCTAssertTrue(run(["--help"]).out.contains("vrun msda fwd|bwd"))
    }

    func testUsageErrors() {
        assertUsage([], ["fwd or bwd"])
        assertUsage(["forward"], ["unknown pass 'forward'"])
        // The three names the brief relies on (default, tests, benchmark) are listed.
        assertUsage(["fwd", "--workload", "huge"], ["unknown workload 'huge'", "tiny", "small", "paper"])
        assertUsage(["fwd", "--in", dir, "--workload", "tiny"], ["--in and --workload"])
        assertUsage(["fwd", "--dtype", "f64"], ["--dtype", "f64"])
        assertUsage(["fwd", "--mode", "training"], ["--mode", "training"])
        assertUsage(["fwd", "--cores", "0"], ["--cores"])
        assertUsage(["fwd", "--workload", "tiny", "--cores", "1000"], ["--cores 1000", "48 cores"])
        assertUsage(["fwd", "--trace-cores", "0"], ["add --trace"])
        assertUsage(["fwd", "--workload", "tiny", "--cores", "2", "--trace", path("t.json"), "--trace-cores", "5"], ["core 5"])
        assertUsage(["fwd", "--machine", "910z"], ["unknown machine '910z'"])
        assertUsage(["fwd", "stray"], ["unexpected argument 'stray'"])
        assertUsage(["fwd", "--bogus"], ["unknown option '--bogus'"])
    }

    func testMissingDirectoryAndFiles() throws {
        assertFailure(["fwd", "--in", path("nowhere")], [path("nowhere"), "no such directory"])
        for missing in ["value.npy", "spatial_shapes.npy", "sampling_locations.npy", "attention_weights.npy"] {
            let d = try copyGolden("tiny", to: "no-" + missing, except: [missing])
            assertFailure(["fwd", "--in", d], [d + "/" + missing])
        }
    }

    /// A shape mismatch between files names the file, the axis and both sizes.
    func testMismatchedShapes() throws {
        // tiny: bs 2, S 80 (8x8 + 4x4), Q 10, M 2, L 2, P 2, D 8 (Tests/MSDATests/Golden/README.md).
        let p = try copyGolden("tiny", to: "badp")
        writeFloats("badp/attention_weights.npy", Array(repeating: 0.1, count: 2 * 10 * 2 * 2 * 3), shape: [2, 10, 2, 2, 3])
        assertFailure(["fwd", "--in", p], ["attention_weights.npy", "axis 4 (P)", "is 3", "says 2"])

        let s = try copyGolden("tiny", to: "bads")
        writeFloats("bads/value.npy", Array(repeating: 0.5, count: 2 * 81 * 2 * 8), shape: [2, 81, 2, 8])
        assertFailure(["fwd", "--in", s], ["value.npy", "axis 1 (S)", "is 81", "says 80"])

        let g = try copyGolden("tiny", to: "badg")
        writeFloats("badg/grad_output.npy", Array(repeating: 0.5, count: 2 * 10 * 15), shape: [2, 10, 15])
        assertFailure(["bwd", "--in", g], ["grad_output.npy", "axis 2 (M*D)", "is 15", "says 16"])
    }

    /// With --json a failure still prints one object: the run's fields null, `errors` saying why.
    func testJSONOnFailure() throws {
        let d = try copyGolden("tiny", to: "nov", except: ["value.npy"])
        let r = run(["msda", "fwd", "--in", d, "--json"])
        XCTAssertEqual(r.code, 1)
        let j = jsonObject(r.out)
        XCTAssertTrue(j["cycles"] is NSNull)
        let errors = try XCTUnwrap(j["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue((errors.first?["message"] as? String ?? "").contains("value.npy"))
    }

    /// The fp16 backward (`--dtype f16`, formerly refused with `msda.bwd-f16`): runs, writes the
    /// four results as float16 and passes `--check` (the reference on the fp16-rounded inputs,
    /// docs/MSDA-backward.md "fp16 storage"); a missing grad_output still fails naming the file.
    func testBackwardHalfStorage() throws {
        let r = run(["msda", "bwd", "--in", Self.golden + "/tiny", "--dtype", "f16", "--out", path("out"),
                     "--cores", "2", "--threads", "2", "--check", "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertFalse(r.err.contains("msda.bwd-f16"), r.err)
        let j = jsonObject(r.out)
        XCTAssertEqual(j["dtype"] as? String, "f16")
        let checks = try XCTUnwrap(j["check"] as? [String: Any])
        for name in ["output", "grad_value", "grad_sampling_locations", "grad_attention_weights"] {
            let c = checks[name] as? [String: Any]
            XCTAssertEqual(c?["ok"] as? Bool, true, "\(name): \(String(describing: c))")
        }
        for file in ["output.npy", "grad_value.npy", "grad_sampling_locations.npy", "grad_attention_weights.npy"] {
            let npy = try XCTUnwrap(readNPY("out/" + file), file)
            XCTAssertEqual(npy.descr, "<f2", file)
        }
        let d = try copyGolden("tiny", to: "nograd", except: ["grad_output.npy"])
        assertFailure(["bwd", "--in", d, "--dtype", "f16"], [d + "/grad_output.npy"])
    }
}

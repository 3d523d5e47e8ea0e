import Foundation
import XCTest
@testable import Commands

/// `vrun msda stats` and `vrun msda prune` through the command (docs/DEFA.md).
final class MsdaStatsTests: MsdaTestCase {
    /// The JSON's shares follow from its own counts (recomputed here), the counts add up to the
    /// reads, and a heat map with one cell per pixel is written per level.
    func testStatsJSONAndHeatMaps() throws {
        let r = run(["msda", "stats", "--workload", "tiny", "--json", "--k", "0.5,1,2", "--svg", path("maps")])
        XCTAssertEqual(r.code, 0, r.err)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let levels = try XCTUnwrap(root["levels"] as? [[String: Any]])
        XCTAssertEqual(levels.count, 2)
        var reads = 0
        for (l, level) in levels.enumerated() {
            let counts = try XCTUnwrap(level["counts"] as? [Int])
            let (h, w) = (try XCTUnwrap(level["height"] as? Int), try XCTUnwrap(level["width"] as? Int))
            XCTAssertEqual(counts.count, h * w)
            XCTAssertEqual(level["reads"] as? Int, counts.reduce(0, +))
            reads += counts.reduce(0, +)
            let mean = Double(counts.reduce(0, +)) / Double(counts.count)
            for entry in try XCTUnwrap(level["below"] as? [[String: Any]]) {
                let k = try XCTUnwrap(entry["k"] as? Double)
                XCTAssertEqual(entry["pixels"] as? Int, counts.filter { Double($0) < k * mean }.count, "level \(l) k \(k)")
            }
            let svg = try String(contentsOfFile: path("maps/level-\(l).svg"), encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
            // one unit square per pixel read at least once (unread pixels stay white)
            XCTAssertEqual(svg.components(separatedBy: "h1v1h-1z").count - 1, counts.filter { $0 > 0 }.count)
        }
        // Every valid sample reads at most 4 pixels, at least 1 (its corner nearest the centre is in the map).
        let valid = try XCTUnwrap(root["valid_samples"] as? Int)
        XCTAssertLessThanOrEqual(reads, 4 * valid)
        XCTAssertGreaterThanOrEqual(reads, valid)
    }

    /// `vrun msda fwd --prune T --check` compares with the reference on the pruned weights set to
    /// zero (what the pruned kernel computes): it passes; `--bilinear3` passes the usual check.
    func testFwdPruneAndBilinear3() {
        for extra in [["--prune", "0.1"], ["--prune", "0"], ["--bilinear3"]] {
            let r = run(["msda", "fwd", "--workload", "small", "--cores", "4", "--threads", "2", "--check"] + extra)
            XCTAssertEqual(r.code, 0, "\(extra): \(r.err)")
            XCTAssertTrue(r.out.contains(": ok"), r.out)
        }
        XCTAssertEqual(run(["msda", "bwd", "--prune", "0.1"]).code, ExitCode.usage)
        XCTAssertEqual(run(["msda", "fwd", "--prune", "-1"]).code, ExitCode.usage)
        XCTAssertEqual(run(["msda", "fwd", "--bilinear3", "--dtype", "f16"]).code, ExitCode.failure, "fused f16 has no separate corners")
    }

    func testStatsErrors() {
        XCTAssertEqual(run(["msda", "stats", "--k", "x"]).code, ExitCode.usage)
        XCTAssertEqual(run(["msda", "stats", "--attention", "flat"]).code, ExitCode.usage)
        XCTAssertEqual(run(["msda", "stats", "--workload", "nope"]).code, ExitCode.usage)
        XCTAssertEqual(run(["msda", "stats", "--in", path("missing")]).code, ExitCode.failure)
        XCTAssertEqual(run(["msda", "prune", "--thresholds", "-1"]).code, ExitCode.usage)
    }

    /// The docs/pruning.md generator on `tiny`: the page, its charts, one table row per threshold,
    /// and the threshold-0 row has the unpruned error.
    func testPruneWritesTheDoc() throws {
        let doc = path("out/pruning.md")
        try FileManager.default.createDirectory(atPath: path("out"), withIntermediateDirectories: true)
        let r = run(["msda", "prune", "--workload", "tiny", "--thresholds", "0,0.01,0.1", "--pixel-k", "0.5", "--cores", "4",
                     "--threads", "2", "--doc", doc])
        XCTAssertEqual(r.code, 0, r.err)
        let text = try String(contentsOfFile: doc, encoding: .utf8)
        XCTAssertTrue(text.contains("vrun msda prune --workload tiny"), "the page names the command that made it")
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| 0") }
        XCTAssertGreaterThanOrEqual(rows.count, 3, text)
        let unpruned = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("| unpruned kernel") })
        let zero = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("| 0.0 |") })
        // Same error columns (the last two) at threshold 0.
        XCTAssertEqual(unpruned.split(separator: "|").suffix(2), zero.split(separator: "|").suffix(2))
        XCTAssertTrue(text.contains("Headline") || text.contains("No threshold"))
        for f in ["work.svg", "error.svg", "reads-level-0.svg", "reads-level-1.svg"] {
            let svg = try String(contentsOfFile: path("out/pruning/" + f), encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"), f)
        }
    }
}

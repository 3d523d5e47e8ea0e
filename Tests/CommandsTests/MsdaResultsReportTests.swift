import Foundation
import XCTest

/// `vrun msda report`: the generated docs/results.md-style file and its SVG on the tiny
/// workload. Every figure the tables hold is checked against a separate `vrun msda fwd|bwd
/// --json` run of the same design or switches, and the derived columns (speedups, training,
/// slowdowns) against the table's own figures.
final class MsdaResultsReportTests: MsdaTestCase {
    static let common = ["--workload", "tiny", "--cores", "4", "--threads", "2"]

    /// Table rows as cells, from the Markdown section that starts with `heading`.
    static func table(_ md: String, after heading: String) -> [[String]] {
        guard let start = md.range(of: heading) else { return [] }
        var rows: [[String]] = []
        var inTable = false
        for line in md[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                inTable = true
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if cells.first?.hasPrefix("---") == true { continue }
                rows.append(cells)
            } else if inTable {
                break
            }
        }
        return Array(rows.dropFirst())   // the header
    }

    static func number(_ cell: String) -> Double? { Double(cell.filter { !"x%".contains($0) }) }

    /// `json` run fields in the table's precision: time to 2 decimals, ratios as percent to 1.
    func assertRow(_ cells: [String], time: Double, ratios j: [String: Any]?, _ label: String, timeColumn: Int = 1, ratioColumn: Int,
                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Self.number(cells[timeColumn]) ?? -1, time, accuracy: 0.0051, "\(label) time", file: file, line: line)
        guard let j else { return }
        for (i, key) in ["vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"].enumerated() {
            let want = ((j[key] as? Double) ?? -1) * 100
            XCTAssertEqual(Self.number(cells[ratioColumn + i]) ?? -1, want, accuracy: 0.051, "\(label) \(key)", file: file, line: line)
        }
    }

    func json(_ args: [String]) -> [String: Any] {
        let r = run(["msda"] + args + Self.common + ["--dtype", "f16", "--json"])
        XCTAssertEqual(r.code, 0, "\(args): \(r.err)")
        return jsonObject(r.out)
    }

    func testTinyReportMatchesSeparateRuns() throws {
        let out = path("results.md")
        let r = run(["msda", "report"] + Self.common + ["--out", out])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("[1/15] xmsda forward inference"), "progress on stderr:\n\(r.err)")
        XCTAssertTrue(r.err.contains("[15/15]"), r.err)
        let md = try String(contentsOfFile: out, encoding: .utf8)
        let svg = try String(contentsOfFile: path("results.svg"), encoding: .utf8)
        XCTAssertTrue(md.contains("`vrun msda report --workload tiny --cores 4 --threads 2 --out \(out)`"), "the command is in the file")
        XCTAssertTrue(md.contains("Workload `tiny`"))
        XCTAssertTrue(md.contains("fp16 storage"))
        XCTAssertTrue(md.contains("](results.svg)"), "the chart is shown")
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 1 + 4 * 3 + 6 * 2, "background, 3 designs x 4 passes, 6 configurations x 2")

        // One sentence per design on what bounds it, naming a pipe for each of its two passes.
        for design in MsdaVariantTests.designs {
            let line = try XCTUnwrap(md.split(separator: "\n").first { $0.hasPrefix("- **\(design)**: forward inference ") }, design)
            XCTAssertTrue(line.contains("; backward "), String(line))
            let pipes = ["vector", "scalar", "MTE2", "MTE3"]
            XCTAssertGreaterThanOrEqual(pipes.map { line.components(separatedBy: $0).count - 1 }.reduce(0, +), 4, String(line))
        }

        // Per pass and design: the figures of separate runs.
        var times: [String: [String: Double]] = [:]
        for design in MsdaVariantTests.designs {
            let inf = json(["fwd", "--variant", design])
            let train = json(["fwd", "--variant", design, "--mode", "train"])
            let bwd = json(["bwd", "--variant", design])
            let rows = [("### forward inference", inf["time_us"] as? Double ?? -1, inf),
                        ("### forward training", bwd["forward_time_us"] as? Double ?? -1, train),
                        ("### backward", bwd["backward_time_us"] as? Double ?? -1, bwd),
                        ("### training", bwd["time_us"] as? Double ?? -1, nil)]
            for (heading, time, ratios) in rows {
                let cells = try XCTUnwrap(Self.table(md, after: heading).first { $0.first == design }, "\(heading) \(design)")
                assertRow(cells, time: time, ratios: ratios, "\(heading) \(design)", ratioColumn: 4)
                times[heading, default: [:]][design] = Self.number(cells[1])
                // launches: xMSDA runs one kernel per pass; the others list theirs in the JSON
                if let j = ratios, heading != "### forward training" {
                    XCTAssertEqual(Int(cells[8]), design == "xmsda" ? 1 : (j["launches"] as? [Any])?.count, "\(heading) \(design) launches")
                }
            }
            // Training: ratios of both passes weighted by their kernel cycles (a second formula).
            let kf = train["kernel_cycles"] as? Double ?? 0, kb = bwd["kernel_cycles"] as? Double ?? 0
            var combined: [String: Any] = [:]
            for key in ["vec_ratio", "scalar_ratio", "mte2_ratio", "mte3_ratio"] {
                combined[key] = ((train[key] as? Double ?? 0) * kf + (bwd[key] as? Double ?? 0) * kb) / (kf + kb)
            }
            let trainingCells = try XCTUnwrap(Self.table(md, after: "### training").first { $0.first == design })
            assertRow(trainingCells, time: bwd["time_us"] as? Double ?? -1, ratios: combined, "training \(design)", ratioColumn: 4)
            // The standalone training forward is the backward's training forward.
            XCTAssertEqual(train["time_us"] as? Double ?? -1, bwd["forward_time_us"] as? Double ?? -2, accuracy: 1e-9)
        }
        // Speedups from the table's own times (rounding: 2 decimals of us, 2 of the ratio).
        for (heading, byDesign) in times {
            for cells in Self.table(md, after: heading) {
                let t = try XCTUnwrap(byDesign[cells[0]])
                XCTAssertEqual(Self.number(cells[2]) ?? -1, try XCTUnwrap(byDesign["baseline"]) / t, accuracy: 0.01, "\(heading) \(cells[0]) over baseline")
                XCTAssertEqual(Self.number(cells[3]) ?? -1, try XCTUnwrap(byDesign["vendor"]) / t, accuracy: 0.01, "\(heading) \(cells[0]) over vendor")
            }
        }

        // Ablation: each configuration against separate runs with those switches off.
        let ablation = Self.table(md, after: "## Ablation")
        XCTAssertEqual(ablation.map { $0[0] }, ["default (all on)", "no adaptive vector length", "no gather fusion", "no staggered writes",
                                               "no scatter fusion", "all four off"])
        let configs: [(String, String?, String?)] = [("default (all on)", nil, nil), ("no adaptive vector length", "adaptive-vl", nil),
                                                    ("no gather fusion", "gather-fusion", nil), ("no staggered writes", nil, "staggered-writes"),
                                                    ("no scatter fusion", nil, "scatter-fusion"), ("all four off", "all", "all")]
        let details = Self.table(md, after: "The pipe ratios of every configuration and pass")
        for (name, fwdOff, bwdOff) in configs {
            let cells = try XCTUnwrap(ablation.first { $0[0] == name })
            let inf = json(["fwd"] + (fwdOff.map { ["--disable", $0] } ?? []))
            let train = json(["fwd", "--mode", "train"] + (fwdOff.map { ["--disable", $0] } ?? []))
            let bwd = json(["bwd"] + (bwdOff.map { ["--disable", $0] } ?? []))
            let trainUs = train["time_us"] as? Double ?? -1, bwdUs = bwd["backward_time_us"] as? Double ?? -1
            assertRow(cells, time: inf["time_us"] as? Double ?? -1, ratios: nil, "\(name) inference", timeColumn: 1, ratioColumn: 0)
            assertRow(cells, time: trainUs, ratios: nil, "\(name) training forward", timeColumn: 2, ratioColumn: 0)
            assertRow(cells, time: bwdUs, ratios: nil, "\(name) backward", timeColumn: 3, ratioColumn: 0)
            assertRow(cells, time: trainUs + bwdUs, ratios: nil, "\(name) training", timeColumn: 4, ratioColumn: 0)
            let d = try XCTUnwrap(ablation.first)
            XCTAssertEqual(Self.number(cells[5]) ?? -1, (Self.number(cells[1]) ?? 0) / (Self.number(d[1]) ?? 1), accuracy: 0.01, "\(name) slowdown")
            XCTAssertEqual(Self.number(cells[6]) ?? -1, (Self.number(cells[4]) ?? 0) / (Self.number(d[4]) ?? 1), accuracy: 0.01, "\(name) slowdown")
            // and the ratios of the passes with a run of their own
            for (pass, j) in [("forward inference", inf), ("forward training", train), ("backward", bwd)] {
                let row = try XCTUnwrap(details.first { $0[0] == name && $0[1] == pass }, "\(name) \(pass)")
                assertRow(row, time: pass == "backward" ? bwdUs : (j["time_us"] as? Double ?? -1), ratios: j, "\(name) \(pass)",
                          timeColumn: 2, ratioColumn: 3)
            }
        }
    }

    func testUsageErrors() {
        for (args, message) in [(["msda", "report"], "--workload NAME is required"),
                                (["msda", "report", "--workload", "nope"], "unknown workload 'nope'"),
                                (["msda", "report", "--workload", "tiny", "--dtype", "bf16"], "'bf16' is not f16 or f32"),
                                (["msda", "report", "--workload", "tiny", "--cores", "99"], "has 48 cores")] {
            let r = run(args)
            XCTAssertEqual(r.code, 64, "\(args)")
            XCTAssertTrue(r.err.contains(message), "\(args): \(r.err)")
        }
    }
}

import Foundation
import XCTest
@testable import ISA

/// docs/ISA.md is generated from the opcode table; this keeps the committed file fresh.
///
/// To regenerate after changing the table:
///
///     REGENERATE_DOCS=1 swift test --scratch-path .build-isa --filter ISATests.ISADocumentationTests
final class ISADocumentationTests: XCTestCase {
    private var path: String { repositoryRoot() + "/docs/ISA.md" }

    func testCommittedISAMarkdownIsFresh() throws {
        let generated = ISADocumentation.markdown()
        if ProcessInfo.processInfo.environment["REGENERATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let how = "run `REGENERATE_DOCS=1 swift test --filter ISATests.ISADocumentationTests` and commit docs/ISA.md"
        guard let committed = try? String(contentsOfFile: path, encoding: .utf8) else {
            return XCTFail("docs/ISA.md is missing: \(how)")
        }
        if committed != generated {
            let a = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let b = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let k = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let old = k < a.count ? String(a[k]) : "(end of file)"
            let new = k < b.count ? String(b[k]) : "(end of file)"
            XCTFail("docs/ISA.md is stale (first difference at line \(k + 1)):\n  committed: \(old)\n  generated: \(new)\n\(how)")
        }
    }

    /// Table rows of the markdown: cells split on unescaped `|`.
    private func rows(under heading: String, in md: String) -> [[String]] {
        var out: [[String]] = []
        var inside = false
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inside = line == "## \(heading)"; continue }
            guard inside, line.hasPrefix("| "), !line.hasPrefix("|---") else { continue }
            out.append(line.dropFirst(2).dropLast(2).components(separatedBy: " | "))
        }
        return Array(out.dropFirst()) // the header row
    }

    func testEveryInstructionHasOneRowInItsGroup() {
        let md = ISADocumentation.markdown()
        var total = 0
        for group in OpcodeGroup.allCases {
            let specs = OpcodeTable.all.filter { $0.group == group }
            let r = rows(under: group.rawValue, in: md)
            XCTAssertEqual(r.count, specs.count, group.rawValue)
            for (row, spec) in zip(r, specs.sorted { $0.opcode < $1.opcode }) {
                XCTAssertEqual(row.count, 6, row.joined(separator: " | "))
                XCTAssertEqual(row[0], "`0x" + String(format: "%02x", spec.opcode.rawValue) + "`")
                XCTAssertTrue(row[1].hasPrefix("`\(spec.mnemonic)"), row[1])
                XCTAssertEqual(row[5], spec.semantics.replacingOccurrences(of: "|", with: "\\|"))
                for o in spec.operands { XCTAssertTrue(row[2].contains("`\(o.name)` \(o.kind.rawValue)"), "\(spec.mnemonic) \(o.name)") }
            }
            total += r.count
        }
        XCTAssertEqual(total, OpcodeTable.all.count)
    }

    /// Cost formulas are named, never numbered: the numbers belong to the machine description.
    func testCostColumnNamesFormulasWithoutNumbers() {
        let md = ISADocumentation.markdown()
        for group in OpcodeGroup.allCases {
            for row in rows(under: group.rawValue, in: md) {
                // Digits may only appear inside names (MTE2, MTE3, gather16, gather32).
                let cost = row[4].replacingOccurrences(of: "MTE2", with: "").replacingOccurrences(of: "MTE3", with: "")
                    .replacingOccurrences(of: "gather16", with: "").replacingOccurrences(of: "gather32", with: "")
                XCTAssertFalse(cost.contains { $0.isNumber }, row[4])
            }
        }
        for row in rows(under: "Cost formulas", in: md) {
            XCTAssertEqual(row.count, 2)
        }
        // Every vector instruction names its class.
        for spec in OpcodeTable.all {
            if case .vector(let c) = spec.cost {
                XCTAssertTrue(md.contains("| vector: startup + slope × repeats, class `\(c.rawValue)` |"), spec.mnemonic)
            }
        }
    }

    func testOperandKindsSuffixesAndOpcodeMap() {
        let md = ISADocumentation.markdown()
        let kinds = rows(under: "Operand kinds", in: md)
        XCTAssertEqual(kinds.map { $0[0] }, OperandKind.allCases.map { "`\($0.rawValue)`" })
        for row in kinds {
            switch row[0] {
            case "`reg`": XCTAssertEqual(row[4], "1")
            case "`label`": XCTAssertEqual(row[4], "4")
            case "`pipe`", "`barrier`", "`flag`", "`cond`", "`round`", "`param`": XCTAssertEqual(row[4], "1")
            default: XCTAssertEqual(row[4], "1 (register), 5 (32-bit immediate) or 9 (64-bit immediate)")
            }
        }
        let suffixes = rows(under: "Type suffixes", in: md)
        XCTAssertTrue(suffixes.contains(["`.f32`", "`0x03`", "4", "float"]))
        XCTAssertTrue(suffixes.contains(["`.f32.f16`", "`0x32`"]))
        let map = rows(under: "Opcode map", in: md)
        var mnemonics: [String] = []
        for row in map {
            // Row label `**h_**`, then 16 cells whose column is the low nibble.
            let hi = Int(String(row[0].dropFirst(2).prefix(1)), radix: 16)!
            for lo in 0..<16 where !row[lo + 1].isEmpty {
                let name = String(row[lo + 1].dropFirst().dropLast())
                XCTAssertEqual(OpcodeTable.spec(mnemonic: name)?.opcode.rawValue, UInt8(hi << 4 | lo), name)
                mnemonics.append(name)
            }
        }
        XCTAssertEqual(Set(mnemonics), Set(OpcodeTable.all.map(\.mnemonic)))
        XCTAssertEqual(mnemonics.count, OpcodeTable.all.count)
        XCTAssertTrue(md.contains("ISA version \(ISAVersion.current), bytecode format version \(BytecodeFormat.version)"))
    }
}

/// docs/Bytecode.md is written by hand: these tests tie it to the code and to the tests.
final class BytecodeDocsTests: XCTestCase {
    private func document() throws -> String {
        try String(contentsOfFile: repositoryRoot() + "/docs/Bytecode.md", encoding: .utf8)
    }

    /// The hex listing of the worked example in the document is the one the tests use.
    func testWorkedExampleInTheDocumentMatchesTheTests() throws {
        let doc = try document()
        guard let start = doc.range(of: "```text\n56 42 49 4e"),
              let end = doc.range(of: "```", range: doc.index(start.lowerBound, offsetBy: 3)..<doc.endIndex) else {
            return XCTFail("docs/Bytecode.md has no worked example listing starting with ```text and 56 42 49 4e")
        }
        let listing = String(doc[doc.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
        // The document's comments start with ';' as in the tests' constant.
        XCTAssertEqual(hexString(hexBytes(listing)), hexString(workedExample))
    }

    /// Every error id the reader and validator can produce is documented.
    func testEveryErrorIDIsDocumented() throws {
        let doc = try document()
        var ids = Set<String>()
        for file in ["BytecodeReader.swift", "ProgramValidator.swift"] {
            let source = try String(contentsOfFile: repositoryRoot() + "/Sources/ISA/Bytecode/" + file, encoding: .utf8)
            var rest = Substring(source)
            while let r = rest.range(of: "\"bytecode.") {
                let tail = rest[r.upperBound...]
                let name = tail.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
                ids.insert("bytecode." + name)
                rest = tail
            }
        }
        XCTAssertEqual(ids, FuzzTests.documentedIDs, "ids in the sources changed: update docs/Bytecode.md and FuzzTests.documentedIDs")
        for id in ids { XCTAssertTrue(doc.contains("`\(id)`"), "docs/Bytecode.md does not mention \(id)") }
    }
}

import XCTest
import Foundation
@testable import Interpreter

final class MachineTests: XCTestCase {
    func load(_ json: String) -> Result<Machine, MachineError> { Machine.fromJSON(Data(json.utf8), source: "m.json") }

    func testPresets() {
        let a = Machine.preset("910b2c"), b = Machine.preset("910b3")
        XCTAssertEqual(a?.cores, 48)
        XCTAssertEqual(b?.cores, 40)
        XCTAssertEqual(a?.gatherQuirk, true)
        // 1.8 TB/s at 1.8 GHz = 1000 B/cycle; 20 us at 1.8 GHz = 36000 cycles.
        XCTAssertEqual(a?.gmBytesPerCycle, 1000)
        XCTAssertEqual(a?.launchCycles ?? 0, 36000, accuracy: 1e-9)
        XCTAssertNil(Machine.preset("910c"))
    }

    func testOverrides() throws {
        let m = try load(#"{"base": "910b3", "cores": 4, "gatherQuirk": false, "vectorCost": {"binary": {"startup": 6}}}"#).get()
        XCTAssertEqual(m.cores, 4)
        XCTAssertEqual(m.gatherQuirk, false)
        XCTAssertEqual(m.cost(.binary), VectorCost(startup: 6, perRepeat: 2.1))
        XCTAssertEqual(m.mte2BytesPerCycle, 58.6)
    }

    func testErrors() {
        func id(_ s: String) -> String? { if case .failure(let e) = load(s) { return e.id + ": " + e.message }; return nil }
        XCTAssertEqual(id(#"{"corez": 4}"#), "machine.unknown-field: m.json: unknown field \"corez\"")
        XCTAssertEqual(id(#"{"cores": "4"}"#), "machine.type: m.json: field \"cores\" must be a number, found a string")
        XCTAssertEqual(id(#"{"cores": 2.5}"#), "machine.type: m.json: field \"cores\" must be an integer, found 2.5")
        XCTAssertEqual(id(#"{"gatherQuirk": 1}"#), "machine.type: m.json: field \"gatherQuirk\" must be a boolean, found a number")
        XCTAssertEqual(id(#"{"vectorCost": {"fma": {}}}"#)?.hasPrefix("machine.unknown-field: m.json: unknown vector cost class \"fma\""), true)
        XCTAssertEqual(id(#"{"vectorCost": {"div": {"slope": 1}}}"#), "machine.unknown-field: m.json: unknown field \"vectorCost.div.slope\" (known: startup, perRepeat)")
        XCTAssertEqual(id(#"{"base": "x"}"#), "machine.preset: m.json: unknown preset \"x\" (known: 910b2c, 910b3)")
        XCTAssertEqual(id("[1]"), "machine.type: m.json: the machine description must be a JSON object")
        XCTAssertEqual(id("{"), "machine.json: m.json: not valid JSON")
        XCTAssertEqual(id(#"{"readLatency": -1}"#), "machine.range: m.json: field \"readLatency\" must be >= 0.0, found -1.0")
    }

    func testLoadFromFile() throws {
        let path = NSTemporaryDirectory() + "/machine-\(UInt32.random(in: 0...UInt32.max)).json"
        try #"{"cores": 2}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try Machine.load(jsonPath: path).get().cores, 2)
        if case .failure(let e) = Machine.load(jsonPath: path + ".missing") { XCTAssertEqual(e.id, "machine.io") } else { XCTFail() }
    }
}

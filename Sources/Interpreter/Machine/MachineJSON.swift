import Foundation
import ISA

/// A JSON value, decoded with `JSONDecoder` so that booleans and numbers stay distinct on every
/// host (JSONSerialization gives NSNumber for both).
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: JSONValue].self) { self = .object(o) }
        else { self = .array(try c.decode([JSONValue].self)) }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Why a machine description could not be loaded: a stable id and a message naming the field.
public struct MachineError: Error, Equatable, CustomStringConvertible {
    /// `machine.io`, `machine.json`, `machine.unknown-field`, `machine.type`, `machine.range`,
    /// `machine.preset`.
    public let id: String
    public let message: String
    public var description: String { "error: \(message) [\(id)]" }
}

extension Machine {
    /// Reads a JSON machine description: an object whose optional `"base"` names a preset
    /// (default `910b2c`) and whose other fields override the preset's fields of the same name
    /// (`"cores": 24`, `"vectorCost": {"binary": {"startup": 6}}`). Unknown fields and values of
    /// the wrong type are errors.
    public static func load(jsonPath: String) -> Result<Machine, MachineError> {
        guard let data = FileManager.default.contents(atPath: jsonPath) else {
            return .failure(MachineError(id: "machine.io", message: "cannot read machine description \(jsonPath)"))
        }
        return fromJSON(data, source: jsonPath)
    }

    /// Same as `load(jsonPath:)` from bytes; `source` names the input in messages.
    public static func fromJSON(_ data: Data, source: String = "<json>") -> Result<Machine, MachineError> {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            return .failure(MachineError(id: "machine.json", message: "\(source): not valid JSON"))
        }
        guard case .object(let fields) = root else {
            return .failure(MachineError(id: "machine.type", message: "\(source): the machine description must be a JSON object"))
        }
        var m = Machine.ascend910B2C
        if let base = fields["base"] {
            guard case .string(let name) = base else {
                return .failure(MachineError(id: "machine.type", message: "\(source): field \"base\" must be a string, found \(base.typeName)"))
            }
            guard let p = Machine.preset(name) else {
                return .failure(MachineError(id: "machine.preset", message: "\(source): unknown preset \"\(name)\" (known: \(presetNames.joined(separator: ", ")))"))
            }
            m = p
        }
        do {
            for key in fields.keys.sorted() where key != "base" {
                try m.apply(key, fields[key]!, source: source)
            }
        } catch let e as MachineError {
            return .failure(e)
        } catch {
            return .failure(MachineError(id: "machine.json", message: "\(source): \(error)"))
        }
        if m.l2Bytes > 0 && (m.l2SectorBytes > m.l2LineBytes || m.l2LineBytes / m.l2SectorBytes > 64) {
            return .failure(MachineError(id: "machine.range", message: "\(source): \"l2SectorBytes\" must divide \"l2LineBytes\" into 1 to 64 sectors (found \(m.l2LineBytes) / \(m.l2SectorBytes))"))
        }
        return .success(m)
    }

    private mutating func apply(_ key: String, _ v: JSONValue, source: String) throws {
        func num(min: Double = 0) throws -> Double {
            guard case .number(let d) = v else {
                throw MachineError(id: "machine.type", message: "\(source): field \"\(key)\" must be a number, found \(v.typeName)")
            }
            guard d.isFinite, d >= min else {
                throw MachineError(id: "machine.range", message: "\(source): field \"\(key)\" must be >= \(min), found \(d)")
            }
            return d
        }
        func int(min: Int = 1, max: Int = 1_000_000_000_000) throws -> Int {
            let d = try num(min: Double(min))
            guard d == d.rounded() else {
                throw MachineError(id: "machine.type", message: "\(source): field \"\(key)\" must be an integer, found \(d)")
            }
            guard d <= Double(max) else {
                throw MachineError(id: "machine.range", message: "\(source): field \"\(key)\" must be <= \(max), found \(d)")
            }
            return Int(d)
        }
        switch key {
        case "name": guard case .string(let s) = v else {
                throw MachineError(id: "machine.type", message: "\(source): field \"name\" must be a string, found \(v.typeName)")
            }
            name = s
        // Upper bounds keep a typo from allocating terabytes: 4096 cores, a 16 MiB UB (UB
        // addresses are 32-bit in the ISA), queues of 4096.
        case "cores": cores = try int(max: 4096)
        case "clockGHz": clockGHz = try num(min: 1e-6)
        case "ubBytes":
            ubBytes = try int(min: 32, max: 1 << 24)
            if ubBytes % 32 != 0 { throw MachineError(id: "machine.range", message: "\(source): field \"ubBytes\" must be a multiple of 32") }
        case "queueDepth": queueDepth = try int(max: 4096)
        case "scalarCycles": scalarCycles = try num()
        case "scalarMulCycles": scalarMulCycles = try num()
        case "scalarDivCycles": scalarDivCycles = try num()
        case "branchCycles": branchCycles = try num()
        case "scalarUBCycles": scalarUBCycles = try num()
        case "scalarGMCycles": scalarGMCycles = try num()
        case "mte2BytesPerCycle": mte2BytesPerCycle = try num(min: 1e-9)
        case "mte3BytesPerCycle": mte3BytesPerCycle = try num(min: 1e-9)
        case "gmBytesPerCycle": gmBytesPerCycle = try num(min: 1e-9)
        case "readLatency": readLatency = try num()
        case "writeLatency": writeLatency = try num()
        case "requestRounding": requestRounding = try int()
        case "burstBytes": burstBytes = try int()
        case "misalignedEfficiency":
            misalignedEfficiency = try num(min: 1e-9)
            if misalignedEfficiency > 1 { throw MachineError(id: "machine.range", message: "\(source): field \"misalignedEfficiency\" must be in (0, 1]") }
        case "dmaRequestCycles": dmaRequestCycles = try num()
        case "atomicConflictPenalty": atomicConflictPenalty = try num()
        case "atomicRegionBytes": atomicRegionBytes = try int()
        case "flagCycles": flagCycles = try num()
        case "barrierCycles": barrierCycles = try num()
        case "syncAllCycles": syncAllCycles = try num()
        case "launchMicroseconds": launchMicroseconds = try num()
        case "gatherQuirk":
            guard case .bool(let b) = v else {
                throw MachineError(id: "machine.type", message: "\(source): field \"gatherQuirk\" must be a boolean, found \(v.typeName)")
            }
            gatherQuirk = b
        case "l2Bytes":
            l2Bytes = try int(min: 0)
        case "l2LineBytes", "l2SectorBytes":
            let b = try int()
            if b & (b - 1) != 0 { throw MachineError(id: "machine.range", message: "\(source): field \"\(key)\" must be a power of two, found \(b)") }
            if key == "l2LineBytes" { l2LineBytes = b } else { l2SectorBytes = b }
        case "l2BytesPerCycle":
            // null = unlimited (JSON has no infinity).
            if case .null = v { l2BytesPerCycle = .infinity } else { l2BytesPerCycle = try num(min: 1e-9) }
        case "vectorCost":
            guard case .object(let classes) = v else {
                throw MachineError(id: "machine.type", message: "\(source): field \"vectorCost\" must be an object, found \(v.typeName)")
            }
            for cname in classes.keys.sorted() {
                guard let cls = VectorCostClass(rawValue: cname) else {
                    throw MachineError(id: "machine.unknown-field", message: "\(source): unknown vector cost class \"\(cname)\" (known: \(VectorCostClass.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard case .object(let parts) = classes[cname]! else {
                    throw MachineError(id: "machine.type", message: "\(source): field \"vectorCost.\(cname)\" must be an object, found \(classes[cname]!.typeName)")
                }
                var c = cost(cls)
                for (pk, pv) in parts.sorted(by: { $0.key < $1.key }) {
                    guard case .number(let d) = pv, d.isFinite, d >= 0 else {
                        throw MachineError(id: "machine.type", message: "\(source): field \"vectorCost.\(cname).\(pk)\" must be a non-negative number, found \(pv.typeName)")
                    }
                    switch pk {
                    case "startup": c.startup = d
                    case "perRepeat": c.perRepeat = d
                    default:
                        throw MachineError(id: "machine.unknown-field", message: "\(source): unknown field \"vectorCost.\(cname).\(pk)\" (known: startup, perRepeat)")
                    }
                }
                vectorCost[cls] = c
            }
        default:
            throw MachineError(id: "machine.unknown-field", message: "\(source): unknown field \"\(key)\"")
        }
    }
}

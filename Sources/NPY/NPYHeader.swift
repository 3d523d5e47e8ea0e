/// The parsed header of a `.npy` file: what the Python dictionary literal says.
public struct NPYHeader: Equatable, Sendable {
    public var dtype: NPYDType
    public var fortranOrder: Bool
    public var shape: [Int]

    public init(dtype: NPYDType, fortranOrder: Bool = false, shape: [Int]) {
        self.dtype = dtype
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// Parses the header dictionary, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
    ///
    /// Accepts what Python's `ast.literal_eval` accepts for these three keys: keys in any order,
    /// either quote style, any spacing, trailing commas, `()` for a scalar, `(5,)`, and Python 2
    /// `L` suffixes. `(5)` is the integer 5 in Python, not a tuple, and is refused as a shape.
    /// Exactly the keys `descr`, `fortran_order` and `shape` must be present, each once.
    static func parse(_ text: ArraySlice<UInt8>, file: String) throws(NPYError) -> NPYHeader {
        var parser = PythonLiteralParser(bytes: text, file: file)
        let value = try parser.parseTopLevel()
        guard case .dict(let entries) = value else {
            throw NPYError(.header, file: file, "header is not a dictionary: \(parser.excerpt)")
        }
        var descr: PythonLiteral?
        var order: PythonLiteral?
        var shape: PythonLiteral?
        for (key, item) in entries {
            switch key {
            case "descr":
                guard descr == nil else { throw NPYError(.header, file: file, "header repeats the key 'descr'") }
                descr = item
            case "fortran_order":
                guard order == nil else { throw NPYError(.header, file: file, "header repeats the key 'fortran_order'") }
                order = item
            case "shape":
                guard shape == nil else { throw NPYError(.header, file: file, "header repeats the key 'shape'") }
                shape = item
            default:
                throw NPYError(.header, file: file,
                    "header has the unexpected key '\(key)' (expected descr, fortran_order, shape)")
            }
        }
        guard let descr else { throw NPYError(.header, file: file, "header lacks the key 'descr'") }
        guard let order else { throw NPYError(.header, file: file, "header lacks the key 'fortran_order'") }
        guard let shape else { throw NPYError(.header, file: file, "header lacks the key 'shape'") }

        guard case .string(let descrText) = descr else {
            throw NPYError(.dtype, file: file,
                "unsupported dtype \(descr.brief) (structured and nested dtypes are not supported)")
        }
        let dtype = try NPYDType.parse(descr: descrText, file: file)
        guard case .bool(let fortranOrder) = order else {
            throw NPYError(.order, file: file, "fortran_order must be True or False, not \(order.brief)")
        }
        guard case .tuple(let dims) = shape else {
            throw NPYError(.header, file: file, "shape must be a tuple of integers, not \(shape.brief)")
        }
        var sizes: [Int] = []
        sizes.reserveCapacity(dims.count)
        for (axis, dim) in dims.enumerated() {
            switch dim {
            case .int(let n?):
                guard n >= 0 else { throw NPYError(.shape, file: file, "shape axis \(axis) is negative (\(n))") }
                sizes.append(n)
            case .int(nil):
                throw NPYError(.shape, file: file, "shape axis \(axis) does not fit in 64 bits")
            default:
                throw NPYError(.header, file: file, "shape axis \(axis) is \(dim.brief), not an integer")
            }
        }
        return NPYHeader(dtype: dtype, fortranOrder: fortranOrder, shape: sizes)
    }

    /// The number of elements, or nil when the product overflows `Int`.
    public var elementCount: Int? { NPYHeader.elementCount(shape) }

    /// The data size in bytes, or nil when it overflows `Int`.
    public var byteCount: Int? {
        guard let count = elementCount else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        return overflow ? nil : bytes
    }

    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The dictionary text NumPy itself writes, so that our files are byte-identical to
    /// `np.save`'s: keys sorted, `repr` spelling, a trailing `, }`, and NumPy's spare spaces
    /// for growing the first axis in place (21 digits' worth, numpy.lib.format.GROWTH_AXIS_MAX_DIGITS).
    var dictionaryText: String {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var text = "{'descr': '\(dtype.descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        if let growthAxis = fortranOrder ? shape.last : shape.first {
            text += String(repeating: " ", count: max(0, 21 - String(growthAxis).count))
        }
        return text
    }
}

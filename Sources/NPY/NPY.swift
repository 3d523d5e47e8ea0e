/// Reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// The format (numpy.lib.format): the magic `\x93NUMPY`, a major and minor version byte, the
/// header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), the header (a Python
/// dictionary literal, latin-1 in 1.0/2.0, UTF-8 in 3.0, padded with spaces and a newline so
/// the data starts at a multiple of 64), then the raw data.
///
/// Reading validates everything before allocating the data: magic, version, that the header
/// lies inside the file, the dictionary, the dtype, and that `product(shape) * itemsize`
/// neither overflows nor differs from the bytes left in the file (trailing bytes are refused
/// too: they mean the header and data disagree). Arrays saved with `fortran_order: True` are
/// transposed into C order on reading, so callers only ever see C order; the returned
/// `NPYArray` has the same shape as in the file.
public enum NPY {
    /// The six magic bytes that open every `.npy` file.
    public static let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]

    /// Format versions. 3.0 is read (it differs from 2.0 only by a UTF-8 header) and written
    /// only on request.
    public enum Version: Int, Sendable {
        case v1 = 1, v2 = 2, v3 = 3
        var lengthFieldSize: Int { self == .v1 ? 2 : 4 }
        var preambleSize: Int { 8 + lengthFieldSize }
    }

    /// Reads and validates a `.npy` file. Errors name `path`.
    public static func read(path: String) throws(NPYError) -> NPYArray {
        let file = try NPYFile(readingAt: path)
        defer { file.close() }
        let fileSize = try file.size()
        let first = try file.read(at: 0, count: min(fileSize, 12))
        let preamble = try parsePreamble(first[...], totalSize: fileSize, file: path)
        let headerBytes = try file.read(at: preamble.version.preambleSize, count: preamble.headerLength)
        let header = try NPYHeader.parse(headerBytes[...], file: path)
        let byteCount = try checkDataSize(header, available: fileSize - preamble.dataOffset, file: path)
        let data = try file.read(at: preamble.dataOffset, count: byteCount)
        return finish(header, data: data)
    }

    /// Decodes a `.npy` image held in memory. `name` appears in error messages.
    public static func read(bytes: [UInt8], name: String = "<bytes>") throws(NPYError) -> NPYArray {
        let preamble = try parsePreamble(bytes[...], totalSize: bytes.count, file: name)
        let headerStart = preamble.version.preambleSize
        let header = try NPYHeader.parse(bytes[headerStart..<preamble.dataOffset], file: name)
        let byteCount = try checkDataSize(header, available: bytes.count - preamble.dataOffset, file: name)
        return finish(header, data: Array(bytes[preamble.dataOffset..<(preamble.dataOffset + byteCount)]))
    }

    /// Reads only the header, validating it against the file size: cheap inspection of large files.
    public static func readHeader(path: String) throws(NPYError) -> NPYHeader {
        let file = try NPYFile(readingAt: path)
        defer { file.close() }
        let fileSize = try file.size()
        let first = try file.read(at: 0, count: min(fileSize, 12))
        let preamble = try parsePreamble(first[...], totalSize: fileSize, file: path)
        let headerBytes = try file.read(at: preamble.version.preambleSize, count: preamble.headerLength)
        let header = try NPYHeader.parse(headerBytes[...], file: path)
        _ = try checkDataSize(header, available: fileSize - preamble.dataOffset, file: path)
        return header
    }

    /// Encodes an array as NumPy's `np.save` would: byte-identical for the same array.
    /// Version 1.0 unless the header needs more than 65535 bytes (then 2.0), or as requested.
    public static func encode(_ array: NPYArray, version: Version? = nil) throws(NPYError) -> [UInt8] {
        try array.validate()
        let header = NPYHeader(dtype: array.dtype, fortranOrder: false, shape: array.shape)
        let dictionary = Array(header.dictionaryText.utf8)
        /// Dictionary, 1...64 spaces (as NumPy pads) and a newline, so the data starts 64-aligned.
        func padded(_ v: Version) -> [UInt8] {
            let padding = 64 - (v.preambleSize + dictionary.count + 1) % 64
            return dictionary + [UInt8](repeating: 0x20, count: padding) + [0x0a]
        }
        // Like np.save: format 1.0 whenever the padded header fits its 16-bit length field.
        let chosen = version ?? (padded(.v1).count <= 65535 ? .v1 : .v2)
        let text = padded(chosen)
        guard chosen != .v1 || text.count <= 65535 else {
            throw NPYError(.header, file: "<array>", "header of \(text.count) bytes is too long for format 1.0")
        }
        var out = magic
        out.reserveCapacity(chosen.preambleSize + text.count + array.data.count)
        out += [UInt8(chosen.rawValue), 0]
        let length = UInt32(text.count)
        for i in 0..<chosen.lengthFieldSize { out.append(UInt8(truncatingIfNeeded: length >> (8 * UInt32(i)))) }
        out += text
        out += array.data
        return out
    }

    /// Writes an array to `path` (replacing any file there).
    public static func write(_ array: NPYArray, path: String, version: Version? = nil) throws(NPYError) {
        do {
            let bytes = try encode(array, version: version)
            try NPYFile.write(bytes, to: path)
        } catch {
            throw NPYError(error.id, file: path, error.message)
        }
    }

    // MARK: - Validation steps shared by the path and bytes readers

    struct Preamble {
        var version: Version
        var headerLength: Int
        var dataOffset: Int
    }

    /// Checks magic, version and header length against the total size. `first` holds at least
    /// the first 12 bytes of the file, or the whole file if it is shorter.
    static func parsePreamble(_ first: ArraySlice<UInt8>, totalSize: Int, file: String) throws(NPYError) -> Preamble {
        let b = Array(first.prefix(12))
        guard b.count >= 6, Array(b[0..<6]) == magic else {
            throw NPYError(.magic, file: file, "not a .npy file (it does not start with \\x93NUMPY)")
        }
        guard b.count >= 8 else { throw NPYError(.header, file: file, "file ends inside the preamble (\(totalSize) bytes)") }
        guard b[7] == 0, let version = Version(rawValue: Int(b[6])) else {
            throw NPYError(.version, file: file, "unsupported .npy format version \(b[6]).\(b[7]) (supported: 1.0, 2.0, 3.0)")
        }
        guard b.count >= version.preambleSize else {
            throw NPYError(.header, file: file, "file ends inside the preamble (\(totalSize) bytes)")
        }
        var headerLength = 0
        for i in 0..<version.lengthFieldSize { headerLength |= Int(b[8 + i]) << (8 * i) }
        let dataOffset = version.preambleSize + headerLength
        guard dataOffset <= totalSize else {
            throw NPYError(.header, file: file,
                "header length \(headerLength) runs past the end of the file (\(totalSize) bytes)")
        }
        return Preamble(version: version, headerLength: headerLength, dataOffset: dataOffset)
    }

    static func checkDataSize(_ header: NPYHeader, available: Int, file: String) throws(NPYError) -> Int {
        guard let byteCount = header.byteCount else {
            throw NPYError(.shape, file: file, "shape \(header.shape) of \(header.dtype) has more bytes than fit in 64 bits")
        }
        guard byteCount == available else {
            throw NPYError(.size, file: file,
                "shape \(header.shape) of \(header.dtype) needs \(byteCount) bytes of data but the file holds \(available)")
        }
        return byteCount
    }

    static func finish(_ header: NPYHeader, data: [UInt8]) -> NPYArray {
        let array = NPYArray(dtype: header.dtype, shape: header.shape, data: data)
        return header.fortranOrder ? fortranToC(array) : array
    }

    /// Reorders column-major (Fortran) data into row-major (C) order, same shape.
    static func fortranToC(_ array: NPYArray) -> NPYArray {
        let shape = array.shape
        guard shape.count > 1, array.count > 0 else { return array }
        let size = array.dtype.itemSize
        // Fortran strides in elements: axis 0 varies fastest.
        var fstride = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fstride[axis] = fstride[axis - 1] * shape[axis - 1] }
        var out = [UInt8](repeating: 0, count: array.data.count)
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for target in 0..<array.count {
            for k in 0..<size { out[target * size + k] = array.data[source * size + k] }
            // Advance the C-order odometer (last axis fastest), tracking the Fortran offset.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += fstride[axis]
                if index[axis] < shape[axis] { break }
                source -= fstride[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return NPYArray(dtype: array.dtype, shape: shape, data: out)
    }
}

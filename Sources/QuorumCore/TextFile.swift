#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole UTF-8 text file given by a person (script, theme, history), turning every failure
/// into an InputError that names the file.
public enum TextFile {
    /// `kind` names the file in messages: "script", "theme", "history".
    public static func read(_ path: String, kind: String) throws(InputError) -> String {
        let bytes = try readBytes(path, kind: kind)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(source: path, message: "the \(kind) is not UTF-8 text")
        }
        return text
    }

    /// The file's bytes (for large files read line by line without one giant String).
    public static func readBytes(_ path: String, kind: String) throws(InputError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw InputError(source: path, message: access(path, F_OK) == 0 ? "cannot open the \(kind) (permission?)" : "no such \(kind) file")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65_536, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < 65_536 {
                if ferror(file) != 0 { throw InputError(source: path, message: "cannot read the \(kind) (is it a folder?)") }
                break
            }
        }
        return bytes
    }
}

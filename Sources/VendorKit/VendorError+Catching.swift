import ArchiveIO
import MeshIO

extension VendorError {
    /// Runs `body` — an archive read or write — and maps what the libraries throw to a `VendorError`,
    /// once for every adapter: a `VendorError` passes through, ArchiveIO's read errors become `.archive`
    /// (or what `archiveError` makes of them: a password error, say), its write errors `.archiveWrite`,
    /// MeshIO's `.mesh`; anything else is `.malformed` naming `file`, its text after `context`.
    public static func catching<T>(vendor: String, file: String, context: String = "",
                                   archiveError: (ArchiveError) -> VendorError = { .archive($0) },
                                   _ body: () throws -> T) throws(VendorError) -> T {
        do {
            return try body()
        } catch let error as VendorError {
            throw error
        } catch let error as ArchiveError {
            throw archiveError(error)
        } catch let error as ArchiveWriteError {
            throw .archiveWrite(error)
        } catch let error as MeshReadError {
            throw .mesh(error)
        } catch {
            throw .malformed(vendor: vendor, file: file, detail: context + "\(error)")
        }
    }
}

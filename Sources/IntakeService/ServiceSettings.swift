import Foundation

/// How the service listens and what it accepts; every limit and timeout is documented in docs/SERVICE.md.
public struct ServiceSettings: Sendable {
    /// The address to listen on (loopback by default: put a TLS proxy in front to serve a network).
    public var host: String
    public var port: Int
    /// The largest archive accepted (POST /v1/intakes, POST /v1/checks), in bytes.
    public var uploadLimit: Int64
    /// How long one upload may take from its first byte to its last.
    public var uploadTimeout: Duration
    /// How long a connection may send nothing — while its headers or body are being read, or between
    /// requests — before it is closed.
    public var idleTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, uploadLimit: Int64 = 512 << 20,
                uploadTimeout: Duration = .seconds(600), idleTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.uploadLimit = uploadLimit
        self.uploadTimeout = uploadTimeout
        self.idleTimeout = idleTimeout
    }

    /// How long a file in the store's `incoming/` may go unwritten before it is an abandoned upload
    /// (`IncomingSweeper`): the upload and the idle timeout together, in seconds.
    public var abandonedUploadAge: TimeInterval { (uploadTimeout + idleTimeout) / .seconds(1) }

    /// Parses `HOST:PORT` (`[::1]:8080` for IPv6); nil when it is not one.
    public static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
